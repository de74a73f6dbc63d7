import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { tripletCensus } from './tripletCensus';
import { pairwiseDistance } from './distance';
import type { DistanceName } from './distance';
import { oracleCensus } from './testing/oracle';
import type { Mat } from './testing/oracle';
import { randomBatch } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DISTANCES: DistanceName[] = ['euclidean', 'squaredEuclidean', 'cosine'];

/** The oracle classifies with the SAME float32 distances the census sees, so ties agree. */
async function censusAgainstOracle(x: Mat, labels: number[], margin: number, distance: DistanceName, normalize: boolean) {
  const e = tf.tensor2d(x);
  const y = tf.tensor1d(labels, 'int32');
  const before = tf.memory().numTensors;
  const got = await tripletCensus(e, y, { margin, distance, normalize });
  expect(tf.memory().numTensors).toBe(before);
  const dist = pairwiseDistance(e, distance, normalize);
  const d = (await dist.array()) as Mat;
  tf.dispose([e, y, dist]);
  return { got, want: oracleCensus(d, labels, margin) };
}

describe('tripletCensus', () => {
  it('equals a brute-force triple loop on random batches up to B = 96', async () => {
    const cases: Array<[number, number, number]> = [
      [2, 4, 0],
      [4, 3, 3],
      [8, 4, 1],
      [12, 8, 0],
      [2, 20, 1], // 19 positives per anchor: past DIRECT_MAX_POSITIVES, the sort-based census
    ];
    for (const [p, k, extra] of cases)
      for (const distance of DISTANCES)
        for (const margin of [0.1, 0.5, 1.0]) {
          const { x, labels } = randomBatch(p, k, 4, p * 100 + k, extra);
          const { got, want } = await censusAgainstOracle(x, labels, margin, distance, distance !== 'squaredEuclidean');
          expect(got).toEqual(want);
        }
  });

  it('counts duplicated embeddings (exact ties) the same way as the oracle', async () => {
    const { x, labels } = randomBatch(5, 4, 3, 7);
    const dup = x.map((row, i) => (i % 3 === 0 ? (x[0] as number[]) : row));
    const { got, want } = await censusAgainstOracle(dup, labels, 0.3, 'euclidean', true);
    expect(got).toEqual(want);
  });

  it('is all zero for a batch without positive pairs', async () => {
    const { x } = randomBatch(6, 1, 4, 3);
    const { got } = await censusAgainstOracle(x, [0, 1, 2, 3, 4, 5], 0.5, 'euclidean', true);
    expect(got).toEqual({ hard: 0, semiHard: 0, easy: 0, total: 0 });
  });

  it('follows the boundary conventions on a grid with exact ties', async () => {
    // Squared distances between integer points are exact integers in float32, and so is d_ap + m with m = 1.
    // Anchor 0 at (0,0), positive 1 at (1,0): d_ap = 1. Negatives: (1,0)→ no; we place them at squared distances
    // 0 (hard, < 1), 1 (semi-hard: d_an = d_ap is included), 2 (easy: d_an = d_ap + m is easy), 4 (easy).
    const x = [
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 1],
      [1, 1],
      [2, 0],
    ];
    const labels = [0, 0, 1, 2, 3, 4];
    const e = tf.tensor2d(x);
    const y = tf.tensor1d(labels, 'int32');
    const got = await tripletCensus(e, y, { margin: 1, distance: 'squaredEuclidean', normalize: false });
    tf.dispose([e, y]);
    // Anchor 0 (p = 1, d_ap = 1): d_an = 0, 1, 2, 4 → hard, semi, easy, easy.
    // Anchor 1 (p = 0, d_ap = 1): negatives at (0,0), (0,1), (1,1), (2,0): d_an = 1, 2, 1, 1 → semi, easy, semi, semi.
    expect(got).toEqual({ hard: 1, semiHard: 4, easy: 3, total: 8 });
  });

  it('stays exact and in O(B²) memory at B = 2,048 (T above 2^24)', async () => {
    const b = 2048;
    const rng = createRng(11);
    const labels = Array.from({ length: b }, (_, i) => Math.floor(i / 32));
    const e = tf.tensor2d(Array.from({ length: b * 8 }, () => rng.normal()), [b, 8]);
    const y = tf.tensor1d(labels, 'int32');
    const got = await tripletCensus(e, y, { margin: 0.2, distance: 'euclidean' });
    tf.dispose([e, y]);
    const total = b * 31 * (b - 32);
    expect(total).toBeGreaterThan(2 ** 24);
    expect(got.total).toBe(total);
    expect(got.hard + got.semiHard + got.easy).toBe(total);
    expect(Number.isInteger(got.hard) && Number.isInteger(got.semiHard)).toBe(true);
    expect(got.hard).toBeGreaterThan(0);
  });
});
