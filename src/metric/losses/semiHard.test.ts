/** semiHard: against a float64 loop that searches each pair's negative, every fallback and bound. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('semiHard against its float64 oracle', () => {
  it('semiHard (skip / farthestNegative, with and without the upper bound)', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      for (const fallback of ['skip', 'farthestNegative'] as const)
        for (const upperBound of [false, true])
          check('semiHard', { margin, distance, normalize, fallback, upperBound }, (z, l) =>
            O.oracleSemiHard(dist(z, distance, normalize), l, margin, fallback, upperBound), x, labels);
    });
  });
});
