/**
 * Try a face: one photo in the dataset's stored form, embedded by the current network exactly as the evaluation
 * embeds its validation images (the same uint8 → float conversion, inference mode, L2-normalised, no test-time
 * augmentation), so its distances read against the evaluation's threshold.
 */
import * as tf from '@tensorflow/tfjs';
import { storedSource } from './imageSource';
import { embedWithViews } from './testTimeAugmentation';

/**
 * @param pixels [size, size, channels] uint8, the stored form of the dataset the network trains on
 * @returns [dim] the normalised embedding (caller owns; no tensor outlives the call)
 */
export async function embedProbe(
  model: tf.LayersModel,
  pixels: Uint8Array,
  size: number,
  channels: 1 | 3,
): Promise<Float32Array> {
  const bytes = size * size * channels;
  if (pixels.length !== bytes)
    throw new Error(
      `The photo has ${pixels.length} bytes but this network takes ${size}×${size}×${channels} images (${bytes} bytes): prepare it in the dataset's stored form.`,
    );
  const source = storedSource(pixels, size, channels);
  const out = tf.tidy(() =>
    embedWithViews(model, tf.tensor4d(source.read(Int32Array.of(0)), [1, size, size, channels]), 'none'),
  );
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
