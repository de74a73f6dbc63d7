/** batchAll: value and gradient against the float64 triple loop, both reductions. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchAll against its float64 oracle', () => {
  it('batchAll (meanNonZero and mean)', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      for (const reduction of ['meanNonZero', 'mean'] as const)
        check('batchAll', { margin, distance, normalize, reduction }, (z, l) =>
          O.oracleBatchAll(dist(z, distance, normalize), l, margin, reduction), x, labels);
    });
  });
});
