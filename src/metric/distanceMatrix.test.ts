import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { pairwiseDistance, type DistanceName } from './distance';
import { distanceMatrix, identityOrder } from './distanceMatrix';

describe('distanceMatrix (the step-through heat map)', () => {
  const rng = createRng(3);
  const rows = Array.from({ length: 12 }, () => Array.from({ length: 6 }, () => rng.normal()));
  for (const name of ['euclidean', 'squaredEuclidean', 'cosine'] as DistanceName[]) {
    it(`equals the backend's pairwise ${name} distances`, async () => {
      const d = distanceMatrix(rows, name);
      const want = tf.tidy(() => pairwiseDistance(tf.tensor2d(rows), name, false));
      const values = await want.data();
      want.dispose();
      // float32 on the backend against float64 here
      d.forEach((v, k) => expect(v).toBeCloseTo(values[k] as number, 4));
      expect(d[1 * 12 + 5]).toBe(d[5 * 12 + 1]);
    });
  }

  it('orders positions by identity, stably', () => {
    expect(identityOrder([7, 3, 7, 3, 1])).toEqual([4, 1, 3, 0, 2]);
  });
});
