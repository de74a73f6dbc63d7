import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanGradConfig, registerReductionGradients, sumGradConfig } from './reductionGradients';

describe('Sum and Mean gradients without a JavaScript array of ones', () => {
  const originals = [tf.getGradient(tf.Sum), tf.getGradient(tf.Mean)];
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => originals.forEach((g) => tf.registerGradient(g)));

  // d/dx of Σ w ⊙ f(x) for sums and means over several axes, with and without kept dimensions.
  const cases: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ['sum over all', (x) => tf.sum(x)],
    ['sum over 0,1,2 (batch norm)', (x) => tf.sum(x, [0, 1, 2])],
    ['sum over 1, kept', (x) => tf.sum(x, 1, true)],
    ['mean over 0,1,2 (batch norm)', (x) => tf.mean(x, [0, 1, 2])],
    ['mean over -1, kept', (x) => tf.mean(x, -1, true)],
    ['moments, as batch norm', (x) => tf.add(tf.moments(x, [0, 1, 2]).mean, tf.moments(x, [0, 1, 2]).variance)],
  ];

  it.each(cases)("%s: tfjs's own gradient, bit for bit", (_, f) => {
    const x = tf.randomNormal([3, 4, 5, 6], 0, 2, 'float32', 1);
    const w = tf.randomNormal(f(x).shape, 0, 1, 'float32', 2);
    const grad = () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(w, f(t))))(x);
    originals.forEach((g) => tf.registerGradient(g));
    const expected = grad();
    registerReductionGradients();
    expect(tf.getGradient(tf.Sum)).toBe(sumGradConfig);
    expect(tf.getGradient(tf.Mean)).toBe(meanGradConfig);
    const before = tf.memory().numTensors;
    const actual = grad();
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
    // Unless the reduction is to a scalar, the gradients differ: a broadcast along the wrong axes cannot pass.
    if (w.size > 1) expect(new Set(actual.dataSync()).size).toBeGreaterThan(1);
    tf.dispose([x, w, expected, actual]);
  });

  it('an int32 sum still gets a float32 gradient', () => {
    registerReductionGradients();
    const x = tf.tensor1d([1, 2, 3], 'int32');
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t), tf.scalar(2, 'int32'))))(x);
    expect(g.dtype).toBe('float32');
    expect(Array.from(g.dataSync())).toEqual([2, 2, 2]);
    tf.dispose([x, g]);
  });
});
