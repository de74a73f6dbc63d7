/** batchOhnm: against a float64 loop that replays the seeded draws. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';
import type { Mat } from '../testing/oracle';
import { ohnmSeed } from '../mining/moderatelyHardNegative';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchOhnm against its float64 oracle', () => {
  it('batchOhnm, replaying the seeded draws', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      for (const q of [0, 0.3]) {
        const step = 17;
        const seed = 5;
        const u = tf.tidy(() => tf.randomUniform([labels.length, labels.length], 0, 1, 'float32', ohnmSeed(seed, step)).arraySync() as Mat);
        check('batchOhnm', { margin, distance, normalize, excludeHardestFraction: q, seed }, (z, l) =>
          O.oracleOhnm(dist(z, distance, normalize), l, margin, q, u), x, labels, { step });
      }
    });
  });
});
