import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormGradConfig, registerBatchNormGradient } from './batchNormGradient';

/** d/d(x, mean, variance, scale, offset) of Σ w ⊙ batchNorm(x, …), with the gradient registered now. */
function grads(inputs: tf.Tensor[], w: tf.Tensor): tf.Tensor[] {
  return tf.grads((x, m, v, s, o) => tf.sum(tf.mul(w, tf.batchNorm(x!, m!, v!, o!, s!, 1e-3))))(inputs);
}

describe('batch norm gradient without Tile', () => {
  const original = tf.getGradient(tf.FusedBatchNorm);
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.registerGradient(original));

  it("gives tfjs's own gradients, bit for bit, for every input, and runs no Tile", async () => {
    const [b, h, w, c] = [3, 4, 5, 6];
    const x = tf.randomNormal([b, h, w, c], 0, 2, 'float32', 1);
    const moments = tf.moments(x, [0, 1, 2]);
    const scale = tf.randomUniform([c], 0.5, 1.5, 'float32', 2);
    const offset = tf.randomNormal([c], 0, 1, 'float32', 3);
    const weights = tf.randomNormal([b, h, w, c], 0, 1, 'float32', 4);
    const inputs = [x, moments.mean, moments.variance, scale, offset];
    tf.registerGradient(original);
    const expected = grads(inputs, weights);
    registerBatchNormGradient();
    expect(tf.getGradient(tf.FusedBatchNorm)).toBe(batchNormGradConfig);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      const actual = grads(inputs, weights);
      actual.forEach((a, i) => expect(Array.from(a.dataSync())).toEqual(Array.from(expected[i]!.dataSync())));
      tf.dispose(actual);
    });
    expect(profile.kernelNames).not.toContain('Tile');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...inputs, weights, ...expected]);
  });
});
