/** angularTriplet: against a float64 A-Softmax loop (stopped centres, λ annealing, semi-hard option). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { checkLoss as check } from '../testing/lossCheck';
import * as O from '../testing/oracleLosses';
import { LOSSES } from '../catalog';
import { angularLambda } from './angularTriplet';
import { randomBatch } from '../testing/fixtures';
import { SHAPES } from '../testing/lossCheck';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('angularTriplet against its float64 oracle', () => {
  it('angularTriplet (A-Softmax, stopped centres, λ annealing, semi-hard option)', () => {
    let seed = 100;
    for (const [p, k, extra] of SHAPES)
      for (const m of [1, 2, 4])
        for (const semiHard of [false, true])
          for (const step of [0, 100, 100000]) {
            const { x: raw, labels } = randomBatch(p, k, 5, seed++, extra);
            // Norms around 2–3 so ‖a‖ matters.
            const x = raw.map((r) => r.map((v) => Math.fround(v * 1.2)));
            const centres = x.map((r) => {
              const n = Math.sqrt(Math.max(r.reduce((s, v) => s + v * v, 0), 1e-12));
              return r.map((v) => v / n);
            });
            const options = { ...LOSSES.angularTriplet.defaults, angularMargin: m, semiHard, margin: 0.5 };
            const lambda = angularLambda(options, step);
            check('angularTriplet', options, (z, l) => O.oracleAngular(z, centres, l, { m, lambda, margin: 0.5, semiHard }), x, labels, { step });
          }
  });
});
