/**
 * The runnable PyTorch training package (issue 15), as a zip: train.py, model.py and losses.py (python/, kept as real
 * .py files so they can be run and linted directly), manifest.json (identities, split, preprocessing, seed, trainer
 * settings, the network's layer plan), the lab's initial weights in torch layout (weights.bin + weights.json), the
 * training images (data/) and the golden batch (golden/) with what the lab measured on it. Pure: no DOM, no tfjs.
 */
import { strToU8, zipSync } from 'fflate';
import { planBackbone } from '../model/plan';
import type { IdentityIndex } from '../data/identityIndex';
import type { WeightSnapshot } from '../model/weights';
import type { GoldenBatch } from '../train/goldenBatch';
import type { ImageSource } from '../train/imageSource';
import type { TrainerSettings } from '../train/settings';
import { torchWeights } from './torchWeights';
import trainPy from './python/train.py?raw';
import modelPy from './python/model.py?raw';
import lossesPy from './python/losses.py?raw';

/** Bumped when the package layout changes; train.py refuses another. */
export const TRAINING_PACKAGE_FORMAT = 1;

/** The losses train.py writes out in PyTorch; the others stop with "not yet in the package". */
export const PACKAGED_LOSSES = ['batchHard', 'batchAll', 'semiHard'] as const;

export interface TrainingImages {
  /** [N, S, S, C] uint8, HWC per image. */
  pixels: Uint8Array;
  /** [N] identity id of each image. */
  labels: Int32Array;
}

export interface TrainingPackageInput {
  settings: TrainerSettings;
  /** The lab's initial weights (all of them, batch norm statistics included). */
  initial: WeightSnapshot;
  golden: GoldenBatch;
  images: TrainingImages;
  size: number;
  channels: 1 | 3;
  /** Identity ids and names; names default to the id. */
  identities: { id: number; name: string }[];
  split: { train: ArrayLike<number>; validation: ArrayLike<number> };
}

/** The training split's images, in the index's order, from the run's image source. */
export function trainingImages(source: ImageSource, train: IdentityIndex): TrainingImages {
  const bytes = source.size * source.size * source.channels;
  const pixels = new Uint8Array(train.images.length * bytes);
  const labels = new Int32Array(train.images.length);
  for (let slot = 0; slot < train.ids.length; slot++) {
    for (let j = train.offsets[slot] as number; j < (train.offsets[slot + 1] as number); j++) {
      pixels.set(source.image(train.images[j] as number), j * bytes);
      labels[j] = train.ids[slot] as number;
    }
  }
  return { pixels, labels };
}

const bytesOf = (a: Float32Array | Int32Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Everything of the run train.py reads, as one JSON object. */
export function trainingManifest(input: TrainingPackageInput): Record<string, unknown> {
  const { settings, golden } = input;
  return {
    format: TRAINING_PACKAGE_FORMAT,
    identities: input.identities,
    split: { train: Array.from(input.split.train), validation: Array.from(input.split.validation) },
    preprocessing: { size: input.size, channels: input.channels, scale: '1/255', layout: 'NHWC uint8' },
    seed: settings.seed,
    trainer: settings,
    model: { config: settings.model, plan: planBackbone(settings.model) },
    data: { images: input.images.labels.length, pixels: 'data/pixels.u8', labels: 'data/labels.i32' },
    golden: {
      labels: Array.from(golden.labels),
      loss: golden.loss,
      margin: golden.margin,
      census: golden.census,
      gradNorm: golden.gradNorm,
      pixels: 'golden/pixels.f32',
      embeddings: 'golden/embeddings.f32',
    },
  };
}

/** The zip's bytes. Throws for a run the package cannot train yet (another backbone is checked by measureGoldenBatch). */
export function buildTrainingPackage(input: TrainingPackageInput): Uint8Array {
  const weights = torchWeights(input.initial);
  return zipSync({
    'train.py': strToU8(trainPy),
    'model.py': strToU8(modelPy),
    'losses.py': strToU8(lossesPy),
    'manifest.json': strToU8(JSON.stringify(trainingManifest(input), null, 1)),
    'weights.json': strToU8(JSON.stringify(weights.index, null, 1)),
    'weights.bin': bytesOf(weights.values),
    'data/pixels.u8': input.images.pixels,
    'data/labels.i32': bytesOf(input.images.labels),
    'golden/pixels.f32': bytesOf(input.golden.pixels),
    'golden/embeddings.f32': bytesOf(input.golden.embeddings),
  });
}
