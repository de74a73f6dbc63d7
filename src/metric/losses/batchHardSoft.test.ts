/** batchHardSoft: against the same float64 loop with softplus. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchHardSoft against its float64 oracle', () => {
  it('batchHardSoft', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('batchHardSoft', { margin, distance, normalize }, (z, l) => O.oracleBatchHard(dist(z, distance, normalize), l, margin, true), x, labels);
    });
  });
});
