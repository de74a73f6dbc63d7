/** msml: against a float64 loop over all pairs. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('msml against its float64 oracle', () => {
  it('msml', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('msml', { margin, distance, normalize }, (z, l) => O.oracleMsml(dist(z, distance, normalize), l, margin), x, labels);
    });
  });
});
