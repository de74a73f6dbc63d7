import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { pairwiseDistance } from './distance';
import { offTape } from './stopGradient';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('offTape keeps its ops off the gradient tape (tfjs Engine internals, checked here)', () => {
  const x = tf.tensor1d([1, 2, 3]);
  // Taped: d/dx Σ (x·x + offTape(2x)) = 2x; the off-tape term is a constant to the tape.
  const g = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.mul(v, v), offTape(() => tf.mul(v, 2)))))(x);
  expect(Array.from(g.dataSync())).toEqual([2, 4, 6]);
  expect(() => tf.grad((v: tf.Tensor) => tf.sum(offTape(() => tf.mul(v, 2))))(x)).toThrow();
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    offTape(() => tf.mul(x, 3));
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, g]);
});

it('pairwiseDistance gives the same values on and off the tape', () => {
  const x = tf.tensor2d([[0.3, -1, 2], [1, 0.5, -0.2], [0.3, -1, 2.1]]);
  for (const distance of ['euclidean', 'squaredEuclidean', 'cosine'] as const) {
    const plain = pairwiseDistance(x, distance, false);
    let taped: tf.Tensor | undefined;
    const g = tf.grad((v: tf.Tensor) => {
      const d = pairwiseDistance(v as tf.Tensor2D, distance, false);
      taped = tf.keep(d.clone());
      return tf.sum(d);
    })(x);
    expect(Array.from(taped!.dataSync())).toEqual(Array.from(plain.dataSync()));
    tf.dispose([plain, taped!, g]);
  }
  x.dispose();
});
