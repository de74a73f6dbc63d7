/**
 * The augmented views of chosen images, as the trainer made them: the inspector shows what a step actually trained
 * on, and the augmentation panel previews one image under several draws. Draws are a pure function of (seed, step,
 * batch size), so the views are recomputed here exactly, off the training step, instead of read back from it.
 */
import * as tf from '@tensorflow/tfjs';
import { drawAugmentation, type AugmentDraws, type Augmentation } from '../data/augmentation';
import { augmentBatch } from './augment';
import type { ImageSource } from './imageSource';

/** The draws of `positions` only, in that order. */
export function selectDraws(draws: AugmentDraws, positions: readonly number[]): AugmentDraws {
  const pick = (values: Float32Array, width: number) => {
    const out = new Float32Array(positions.length * width);
    positions.forEach((p, i) => out.set(values.subarray(p * width, p * width + width), i * width));
    return out;
  };
  return {
    affine: pick(draws.affine, 6),
    brightness: pick(draws.brightness, 1),
    contrast: pick(draws.contrast, 1),
    gamma: pick(draws.gamma, 1),
    blur: pick(draws.blur, 1),
    erase: pick(draws.erase, 4),
    eraseValue: pick(draws.eraseValue, 1),
  };
}

export interface AugmentViewsRequest {
  augmentation: Augmentation;
  seed: number;
  /** The trainer's 0-based step counter when the batch was drawn (a StepReport's `step` − 1). */
  step: number;
  /** The whole batch's dataset image indices (its size fixes the draws). */
  indices: Int32Array;
  /** Which batch positions to return. */
  positions: readonly number[];
}

/**
 * @returns the views as HWC uint8 images, one after another (positions.length × S × S × C bytes)
 */
export async function augmentViews(source: ImageSource, request: AugmentViewsRequest): Promise<Uint8Array> {
  const { augmentation, seed, step, indices, positions } = request;
  const S = source.size;
  const draws = selectDraws(drawAugmentation(augmentation, indices.length, S, seed, step), positions);
  const pixels = source.read(positions.map((p) => indices[p] as number));
  const views = tf.tidy(() => {
    const x = tf.tensor4d(pixels, [positions.length, S, S, source.channels]);
    return tf.cast(tf.round(tf.mul(augmentBatch(x, draws, augmentation), 255)), 'int32');
  });
  try {
    return Uint8Array.from((await views.data()) as Int32Array);
  } finally {
    views.dispose();
  }
}
