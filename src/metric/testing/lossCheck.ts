/**
 * The harness of the loss tests (losses/<id>.test.ts): a lab loss's value and gradient (tf.valueAndGrad) against a
 * float64 loop oracle (testing/oracleLosses.ts) and central finite differences of it. Values: relative error ≤ 1e-4;
 * gradients: norm-wise relative error ≤ 1e-3; numTensors is checked after every call.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { DistanceName } from '../distance';
import type { LossExtras, LossId, LossOptionsById } from '../registry';
import { getLoss } from '../registry';
import { unpackStepStats } from '../statsLayout';
import { finiteDifference, oracleDistance, relativeError } from './oracle';
import type { Mat } from './oracle';
import { randomBatch } from './fixtures';

export const DISTANCES: DistanceName[] = ['euclidean', 'squaredEuclidean', 'cosine'];
export const SHAPES: Array<[number, number, number]> = [
  [3, 3, 1],
  [4, 2, 0],
  [2, 5, 2],
];
export const MARGINS = [0.1, 0.4, 1.0];

/** Runs the lab loss and its gradient; checks that nothing leaks. */
export function labLoss<K extends LossId>(
  id: K,
  options: Partial<LossOptionsById[K]>,
  x: Mat,
  labels: number[],
  extras: LossExtras = {},
): { value: number; grad: Float32Array; stats: Float32Array } {
  const e = tf.tensor2d(x);
  const y = tf.tensor1d(labels, 'int32');
  const before = tf.memory().numTensors;
  const fn = getLoss(id, options);
  let stats: tf.Tensor1D | undefined;
  const { value, grad } = tf.valueAndGrad((emb: tf.Tensor) => {
    const out = fn(emb as tf.Tensor2D, y, extras);
    stats = tf.keep(out.stats);
    return out.loss;
  })(e);
  const result = { value: value.dataSync()[0] as number, grad: grad.dataSync() as Float32Array, stats: stats?.dataSync() as Float32Array };
  tf.dispose([value, grad, stats as tf.Tensor]);
  const plain = fn(e, y, extras);
  tf.dispose([plain.loss, plain.stats]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([e, y]);
  return result;
}

function expectClose(got: number, want: number, tolerance = 1e-4): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(want), 1e-2));
}

/** Compares value and gradient of a lab loss with an oracle over embeddings. */
export function checkLoss<K extends LossId>(
  id: K,
  options: Partial<LossOptionsById[K]>,
  oracle: (x: Mat, labels: number[]) => number,
  x: Mat,
  labels: number[],
  extras: LossExtras = {},
): void {
  const lab = labLoss(id, options, x, labels, extras);
  const want = oracle(x, labels);
  expectClose(lab.value, want);
  const fd = finiteDifference((z) => oracle(z, labels), x).flat();
  if (Math.hypot(...fd) < 1e-9) expect(Math.hypot(...lab.grad)).toBeLessThan(1e-6);
  else expect(relativeError(lab.grad, fd)).toBeLessThanOrEqual(1e-3);
  expect(unpackStepStats(lab.stats).loss).toBeCloseTo(lab.value, 5);
  expectSameWithLabelValues(id, options, x, labels, extras, lab);
}

/**
 * With the labels' values on the host the census, batchAll and the histograms take the direct path
 * (positiveSlots.ts): the value, the gradient and every statistic are the same (the census counts exactly).
 */
export function expectSameWithLabelValues<K extends LossId>(
  id: K,
  options: Partial<LossOptionsById[K]>,
  x: Mat,
  labels: number[],
  extras: LossExtras,
  sorted: { value: number; grad: Float32Array; stats: Float32Array },
): void {
  const direct = labLoss(id, options, x, labels, { ...extras, labelValues: labels });
  expectClose(direct.value, sorted.value, 1e-5);
  expect(relativeError(direct.grad, sorted.grad)).toBeLessThanOrEqual(1e-5);
  direct.stats.forEach((v, i) => expectClose(v, sorted.stats[i] ?? NaN, 1e-5));
}

export function eachCase(run: (x: Mat, labels: number[], distance: DistanceName, normalize: boolean, margin: number) => void): void {
  let seed = 1;
  for (const [p, k, extra] of SHAPES)
    for (const distance of DISTANCES)
      for (const margin of MARGINS) {
        const normalize = distance !== 'squaredEuclidean' || seed % 2 === 0;
        const { x, labels } = randomBatch(p, k, 5, seed++, extra);
        run(x, labels, distance, normalize, margin);
      }
}

export const dist = (x: Mat, distance: DistanceName, normalize: boolean): Mat => oracleDistance(x, distance, normalize);

