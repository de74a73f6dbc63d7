/** batchHard: against a float64 loop over each anchor's positives and negatives. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchHard against its float64 oracle', () => {
  it('batchHard', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('batchHard', { margin, distance, normalize }, (z, l) => O.oracleBatchHard(dist(z, distance, normalize), l, margin, false), x, labels);
    });
  });
});
