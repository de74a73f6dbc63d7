/** offlineHard: against a float64 loop over the triplets given with the batch. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check, dist, eachCase } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';
import type { LossExtras } from '../registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('offlineHard against its float64 oracle', () => {
  it('offlineHard on an explicit index list (invalid entries ignored)', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      const b = labels.length;
      const list: Array<[number, number, number]> = [];
      for (let t = 0; t < 3 * b; t++) list.push([(t * 7) % b, (t * 5 + 1) % b, (t * 3 + 2) % b]);
      const make = (): LossExtras => ({
        triplets: {
          anchor: tf.tensor1d(list.map((t) => t[0]), 'int32'),
          positive: tf.tensor1d(list.map((t) => t[1]), 'int32'),
          negative: tf.tensor1d(list.map((t) => t[2]), 'int32'),
        },
      });
      for (const id of ['offlineHard'] as const) {
        const extras = make();
        check(id, { margin, distance, normalize }, (z, l) => O.oracleExplicit(dist(z, distance, normalize), l, margin, list), x, labels, extras);
        const t = extras.triplets;
        if (t) tf.dispose([t.anchor, t.positive, t.negative]);
      }
    });
  });
});
