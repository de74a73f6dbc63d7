/** quadruplet: against a float64 loop over every anchor and negative pair (B³). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('quadruplet against its float64 oracle', () => {
  it('quadruplet', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('quadruplet', { margin, distance, normalize, margin2Ratio: 0.5 }, (z, l) =>
        O.oracleQuadruplet(dist(z, distance, normalize), l, margin, margin / 2), x, labels);
    });
  });
});
