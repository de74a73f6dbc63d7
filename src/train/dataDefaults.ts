/**
 * Settings that fit a dataset, for "Use for training" on an imported set: P and K from its identities and images,
 * augmentation from how few images each identity has, and a sentence that says what was picked and why. The network's
 * input size and channels always follow the stored images (the worker builds it from them).
 */
import { AUGMENTATION_PRESETS, presetOf, type AugmentationPresetId } from '../data/augmentation';
import { DEFAULT_VALIDATION_FRACTION } from '../data/split';
import type { TrainerSettings } from './settings';

export interface DatasetShape {
  name: string;
  identities: number;
  images: number;
  resolution: number;
  channels: 1 | 3;
  /** Identities with one image: never anchors, never held out (data/split.ts). */
  singleImageIdentities: number;
}

/** Hermans et al.'s P = 18, K = 4 shrunk to a CPU batch: at most 8 identities of 4 images. */
const MAX_P = 8;
const MAX_K = 4;
/**
 * At most this many images per identity, a network memorises its training set without augmentation. Measured
 * (`npm run bench -- quality`, 4 seeds, equal wall time): on 40 face identities × 10 images the light preset lifts
 * held-out mAP@R from 0.70 to 0.85 (standard: 0.82); on MNIST's 6,000 images per digit any augmentation costs
 * (0.78 → 0.71 light) within the same time, so many images per identity get none.
 */
const FEW_IMAGES = 30;

export function fitTrainerToData(trainer: TrainerSettings, data: DatasetShape): { trainer: TrainerSettings; summary: string } {
  // The split holds out a fraction of the identities with 2+ images; the rest of those can be anchors.
  const eligible = data.identities - data.singleImageIdentities;
  const heldOut = Math.round(DEFAULT_VALIDATION_FRACTION * eligible);
  const trainIdentities = data.identities - heldOut;
  const perIdentity = data.images / Math.max(1, data.identities);
  const P = Math.max(2, Math.min(MAX_P, eligible - heldOut));
  const K = Math.max(2, Math.min(MAX_K, Math.floor(perIdentity)));
  const preset: AugmentationPresetId = perIdentity <= FEW_IMAGES ? 'light' : 'none';
  const augmentation = AUGMENTATION_PRESETS[preset];
  const why =
    perIdentity <= FEW_IMAGES
      ? `${perIdentity.toFixed(perIdentity < 10 ? 1 : 0)} images per identity is few: without augmentation the network memorises them`
      : 'with this many images per identity augmentation costs more steps than it gives back';
  const colour = data.channels === 1 ? 'grayscale' : 'RGB';
  const summary =
    `Training on “${data.name}”: ${data.identities} identities (${trainIdentities} train, ${heldOut} held out), ` +
    `${data.resolution}×${data.resolution} ${colour} as stored. Picked P × K = ${P} × ${K} and augmentation “${preset}” (${why})` +
    `${presetOf(trainer.augmentation) === preset && trainer.P === P && trainer.K === K ? ', as already set' : ''}. Change them in Model & loss and Augmentation.`;
  return { trainer: { ...trainer, P, K, augmentation }, summary };
}
