/**
 * Every loss, value and gradient, against the float64 loop oracles of testing/oracleLosses.ts.
 * Values: relative error ≤ 1e-4. Gradients: tf.grad of the lab's loss against central finite differences of the
 * oracle, norm-wise relative error ≤ 1e-3. numTensors is checked after every call.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DistanceName } from './distance';
import { getLoss } from './registry';
import type { LossId, LossOptionsById } from './catalog';
import { ohnmSeed } from './mining/moderatelyHardNegative';
import { angularLambda } from './losses/angularTriplet';
import { LOSSES } from './catalog';
import { unpackStepStats } from './statsLayout';
import { finiteDifference, oracleDistance, relativeError } from './testing/oracle';
import type { Mat } from './testing/oracle';
import * as O from './testing/oracleLosses';
import { randomBatch } from './testing/fixtures';
import type { LossExtras } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DISTANCES: DistanceName[] = ['euclidean', 'squaredEuclidean', 'cosine'];
const SHAPES: Array<[number, number, number]> = [
  [3, 3, 1],
  [4, 2, 0],
  [2, 5, 2],
];
const MARGINS = [0.1, 0.4, 1.0];

/** Runs the lab loss and its gradient; checks that nothing leaks. */
function labLoss<K extends LossId>(
  id: K,
  options: Partial<LossOptionsById[K]>,
  x: Mat,
  labels: number[],
  extras: LossExtras = {},
): { value: number; grad: Float32Array; stats: Float32Array } {
  const e = tf.tensor2d(x);
  const y = tf.tensor1d(labels, 'int32');
  const before = tf.memory().numTensors;
  const fn = getLoss(id, options);
  let stats: tf.Tensor1D | undefined;
  const { value, grad } = tf.valueAndGrad((emb: tf.Tensor) => {
    const out = fn(emb as tf.Tensor2D, y, extras);
    stats = tf.keep(out.stats);
    return out.loss;
  })(e);
  const result = { value: value.dataSync()[0] as number, grad: grad.dataSync() as Float32Array, stats: stats?.dataSync() as Float32Array };
  tf.dispose([value, grad, stats as tf.Tensor]);
  const plain = fn(e, y, extras);
  tf.dispose([plain.loss, plain.stats]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([e, y]);
  return result;
}

function expectClose(got: number, want: number, tolerance = 1e-4): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(want), 1e-2));
}

/** Compares value and gradient of a lab loss with an oracle over embeddings. */
function check<K extends LossId>(
  id: K,
  options: Partial<LossOptionsById[K]>,
  oracle: (x: Mat, labels: number[]) => number,
  x: Mat,
  labels: number[],
  extras: LossExtras = {},
): void {
  const lab = labLoss(id, options, x, labels, extras);
  const want = oracle(x, labels);
  expectClose(lab.value, want);
  const fd = finiteDifference((z) => oracle(z, labels), x).flat();
  if (Math.hypot(...fd) < 1e-9) expect(Math.hypot(...lab.grad)).toBeLessThan(1e-6);
  else expect(relativeError(lab.grad, fd)).toBeLessThanOrEqual(1e-3);
  expect(unpackStepStats(lab.stats).loss).toBeCloseTo(lab.value, 5);
}

function eachCase(run: (x: Mat, labels: number[], distance: DistanceName, normalize: boolean, margin: number) => void): void {
  let seed = 1;
  for (const [p, k, extra] of SHAPES)
    for (const distance of DISTANCES)
      for (const margin of MARGINS) {
        const normalize = distance !== 'squaredEuclidean' || seed % 2 === 0;
        const { x, labels } = randomBatch(p, k, 5, seed++, extra);
        run(x, labels, distance, normalize, margin);
      }
}

const dist = (x: Mat, distance: DistanceName, normalize: boolean): Mat => oracleDistance(x, distance, normalize);

describe('losses against float64 oracles', () => {
  it('batchAll (meanNonZero and mean)', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      for (const reduction of ['meanNonZero', 'mean'] as const)
        check('batchAll', { margin, distance, normalize, reduction }, (z, l) =>
          O.oracleBatchAll(dist(z, distance, normalize), l, margin, reduction), x, labels);
    });
  });

  it('semiHard (skip / farthestNegative, with and without the upper bound)', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      for (const fallback of ['skip', 'farthestNegative'] as const)
        for (const upperBound of [false, true])
          check('semiHard', { margin, distance, normalize, fallback, upperBound }, (z, l) =>
            O.oracleSemiHard(dist(z, distance, normalize), l, margin, fallback, upperBound), x, labels);
    });
  });

  it('batchHard and batchHardSoft', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('batchHard', { margin, distance, normalize }, (z, l) => O.oracleBatchHard(dist(z, distance, normalize), l, margin, false), x, labels);
      check('batchHardSoft', { margin, distance, normalize }, (z, l) => O.oracleBatchHard(dist(z, distance, normalize), l, margin, true), x, labels);
    });
  });

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

  it('lifted', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('lifted', { margin, distance, normalize }, (z, l) => O.oracleLifted(dist(z, distance, normalize), l, margin), x, labels);
    });
  });

  it('quadruplet', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('quadruplet', { margin, distance, normalize, margin2Ratio: 0.5 }, (z, l) =>
        O.oracleQuadruplet(dist(z, distance, normalize), l, margin, margin / 2), x, labels);
    });
  });

  it('msml', () => {
    eachCase((x, labels, distance, normalize, margin) => {
      check('msml', { margin, distance, normalize }, (z, l) => O.oracleMsml(dist(z, distance, normalize), l, margin), x, labels);
    });
  });

  it('randomTriplets and offlineHard on explicit index lists (invalid entries ignored)', () => {
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
      for (const id of ['randomTriplets', 'offlineHard'] as const) {
        const extras = make();
        check(id, { margin, distance, normalize }, (z, l) => O.oracleExplicit(dist(z, distance, normalize), l, margin, list), x, labels, extras);
        const t = extras.triplets;
        if (t) tf.dispose([t.anchor, t.positive, t.negative]);
      }
    });
  });

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

  it('softmaxTriplet: CE over the given logits + w · triplet, gradients for embeddings and logits', () => {
    const { x, labels } = randomBatch(3, 3, 5, 42);
    const logitsArr = labels.map((_, i) => [0.3 * i, -0.2, 0.5 - 0.1 * i, 0.05 * i * i]);
    const classes = labels.map((y) => y % 4);
    const w = 0.7;
    const margin = 0.3;
    const logits = tf.tensor2d(logitsArr);
    const classIndices = tf.tensor1d(classes, 'int32');
    const extras = { logits, classIndices };
    check('softmaxTriplet', { margin, weight: w, triplet: 'batchHard' }, (z, l) =>
      O.oracleSoftmaxCe(logitsArr, classes) + w * O.oracleBatchHard(dist(z, 'euclidean', true), l, margin, false), x, labels, extras);
    // Gradient with respect to the logits.
    const e = tf.tensor2d(x);
    const y = tf.tensor1d(labels, 'int32');
    const fn = getLoss('softmaxTriplet', { margin, weight: w });
    const g = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => {
        const out = fn(e, y, { logits: z as tf.Tensor2D, classIndices });
        return out.loss;
      })(logits).arraySync() as Mat,
    );
    const fd = finiteDifference((z) => O.oracleSoftmaxCe(z, classes), logitsArr);
    expect(relativeError(g.flat(), fd.flat())).toBeLessThan(1e-3);
    tf.dispose([e, y, logits, classIndices]);
  });
});

describe('degenerate batches', () => {
  const ids = Object.keys(LOSSES) as LossId[];
  const extrasFor = (b: number): LossExtras => ({
    triplets: {
      anchor: tf.tensor1d([0, 1], 'int32'),
      positive: tf.tensor1d([1, 0], 'int32'),
      negative: tf.tensor1d([2, 3], 'int32'),
    },
    logits: tf.zeros([b, 3]) as tf.Tensor2D,
    classIndices: tf.zeros([b], 'int32') as tf.Tensor1D,
  });
  const disposeExtras = (e: LossExtras): void => {
    const all: Array<tf.Tensor | undefined> = [e.triplets?.anchor, e.triplets?.positive, e.triplets?.negative, e.logits, e.classIndices];
    tf.dispose(all.filter((t): t is tf.Tensor => t !== undefined));
  };

  it('a batch without a positive pair gives loss 0 (CE only for softmaxTriplet), zero gradient, the flag', () => {
    const { x } = randomBatch(6, 1, 4, 9);
    const labels = [0, 1, 2, 3, 4, 5];
    for (const id of ids)
      for (const distance of DISTANCES) {
        const extras = extrasFor(6);
        const lab = labLoss(id, { distance } as Partial<LossOptionsById[typeof id]>, x, labels, extras);
        disposeExtras(extras);
        const stats = unpackStepStats(lab.stats);
        expect(stats.noPositives).toBe(true);
        expect(stats.population.total).toBe(0);
        expect(lab.value).toBeCloseTo(id === 'softmaxTriplet' ? Math.log(3) : 0, 6);
        for (const g of lab.grad) expect(g).toBe(0);
      }
  });

  it('coincident embeddings keep every gradient finite', () => {
    const { x, labels } = randomBatch(3, 3, 4, 10);
    const same = x.map((row, i) => (i < 4 ? (x[0] as number[]) : row));
    for (const id of ids)
      for (const distance of DISTANCES)
        for (const normalize of [true, false]) {
          const extras = extrasFor(labels.length);
          const lab = labLoss(id, { distance, normalize } as Partial<LossOptionsById[typeof id]>, same, labels, extras);
          disposeExtras(extras);
          expect(Number.isFinite(lab.value)).toBe(true);
          for (const g of lab.grad) expect(Number.isFinite(g)).toBe(true);
        }
  });
});
