import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, drawAugmentation } from '../data/augmentation';
import { augmentBatch } from './augment';
import { augmentViews } from './augmentViews';
import type { ImageSource } from './imageSource';

const S = 8;
/** Four 8×8 grey images with distinct gradients. */
const source: ImageSource = {
  size: S,
  channels: 1,
  imageCount: 4,
  read: (indices) => {
    const out = new Float32Array(indices.length * S * S);
    Array.from(indices).forEach((image, i) => {
      for (let p = 0; p < S * S; p++) out[i * S * S + p] = ((p * (image + 1)) % 64) / 63;
    });
    return out;
  },
  image: () => new Uint8Array(S * S),
};

describe('augmentViews', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('returns exactly the views the whole batch was trained on, for the chosen positions', async () => {
    const augmentation = { ...AUGMENTATION_PRESETS.strong, erase: 1 };
    const indices = Int32Array.from([3, 0, 2, 1]);
    // The trainer's step: the whole batch augmented at once.
    const x = tf.tensor4d(source.read(indices), [4, S, S, 1]);
    const whole = augmentBatch(x, drawAugmentation(augmentation, 4, S, 9, 12), augmentation);
    const all = Array.from(await whole.data());
    tf.dispose([x, whole]);
    const before = tf.memory().numTensors;
    const views = await augmentViews(source, { augmentation, seed: 9, step: 12, indices, positions: [2, 0] });
    expect(tf.memory().numTensors).toBe(before);
    expect(views.length).toBe(2 * S * S);
    [2, 0].forEach((position, i) => {
      for (let p = 0; p < S * S; p++) expect(views[i * S * S + p]).toBe(Math.round(all[position * S * S + p]! * 255));
    });
  });
});
