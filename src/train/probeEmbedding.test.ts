import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFromCounts } from '../data/identityIndex';
import { embedImages } from './identityEmbedding';
import { storedSource } from './imageSource';
import { embedProbe } from './probeEmbedding';

/** A small convolutional network with fixed random weights. */
function smallModel(S: number, C: number): tf.LayersModel {
  const input = tf.input({ shape: [S, S, C] });
  const conv = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 5, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('embedProbe', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives each stored image the row the evaluation embeds it as, and leaks no tensor', async () => {
    const S = 8;
    const C = 3;
    const model = smallModel(S, C);
    const n = 4;
    const pixels = Uint8Array.from({ length: n * S * S * C }, (_, i) => (i * 37 + 11) % 256);
    const rows = await embedImages(model, storedSource(pixels, S, C), indexFromCounts([2, 2]), () => {});
    const before = tf.memory().numTensors;
    for (let i = 0; i < n; i++) {
      const probe = await embedProbe(model, pixels.slice(i * S * S * C, (i + 1) * S * S * C), S, C);
      expect(probe).toHaveLength(rows.dim);
      const row = Array.from(rows.embeddings.subarray(i * rows.dim, (i + 1) * rows.dim));
      Array.from(probe).forEach((v, d) => expect(v).toBeCloseTo(row[d]!, 6));
      expect(Math.hypot(...probe)).toBeCloseTo(1, 5);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a photo that is not in the stored form', async () => {
    const model = smallModel(8, 1);
    await expect(embedProbe(model, new Uint8Array(10), 8, 1)).rejects.toThrow(
      'has 10 bytes but this network takes 8×8×1 images (64 bytes)',
    );
    model.dispose();
  });
});
