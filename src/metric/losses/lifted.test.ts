/** lifted: against the float64 double loop of Song et al.'s J_ij. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('lifted against its float64 oracle', () => {
  it('lifted', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('lifted', { margin, distance, normalize }, (z, l) => O.oracleLifted(dist(z, distance, normalize), l, margin), x, labels);
    });
  });
});
