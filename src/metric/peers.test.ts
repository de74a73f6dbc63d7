/**
 * Peer semantics of semi-hard mining on a hand-made fixture, computed by hand.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { getLoss } from './registry';
import { unpackStepStats } from './statsLayout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Four points on a line (D = 1, not normalised, euclidean, margin 1):
//   x = [0, 1, 1.5, 3], identities [0, 0, 1, 1].
// Positive pairs and the anchors' negatives (d_an must be > d_ap strictly):
//   (0,1): d_ap = 1;   negatives d(0,2) = 1.5, d(0,3) = 3  → closest above: 1.5 → [1 − 1.5 + 1]_+ = 0.5
//   (1,0): d_ap = 1;   negatives d(1,2) = 0.5, d(1,3) = 2  → closest above: 2   → [1 − 2 + 1]_+   = 0
//   (2,3): d_ap = 1.5; negatives d(2,0) = 1.5, d(2,1) = 0.5 → none above (1.5 is not > 1.5)
//          TF Addons: farthest negative 1.5 → [1.5 − 1.5 + 1]_+ = 1;  skip: pair dropped
//   (3,2): d_ap = 1.5; negatives d(3,0) = 3, d(3,1) = 2   → closest above: 2   → [1.5 − 2 + 1]_+ = 0.5
// TF Addons TripletSemiHardLoss = mean over all 4 positive pairs = (0.5 + 0 + 1 + 0.5) / 4 = 0.5
// skip (pytorch-metric-learning style) = mean over the 3 kept pairs = (0.5 + 0 + 0.5) / 3 = 1/3
const X = [[0], [1], [1.5], [3]];
const LABELS = [0, 0, 1, 1];

async function semiHard(fallback: 'skip' | 'farthestNegative') {
  const e = tf.tensor2d(X);
  const y = tf.tensor1d(LABELS, 'int32');
  const out = getLoss('semiHard', { margin: 1, distance: 'euclidean', normalize: false, fallback })(e, y);
  const value = (await out.loss.data())[0];
  const stats = unpackStepStats((await out.stats.data()) as Float32Array);
  tf.dispose([e, y, out.loss, out.stats]);
  return { value, stats };
}

it('farthestNegative matches TF Addons (mean over all positive pairs)', async () => {
  const { value, stats } = await semiHard('farthestNegative');
  expect(value).toBeCloseTo(0.5, 5);
  // Selected triplets: (0,1,2) d_an 1.5 ∈ [1, 2) semi; (1,0,3) d_an 2 = d_ap + m easy; (2,3,0) d_an = d_ap semi;
  // (3,2,1) d_an 2 ∈ [1.5, 2.5) semi.
  expect(stats.selection).toEqual({ hard: 0, semiHard: 3, easy: 1, total: 4 });
});

it('skip matches pytorch-metric-learning style (pairs without a farther negative dropped)', async () => {
  const { value, stats } = await semiHard('skip');
  expect(value).toBeCloseTo(1 / 3, 5);
  expect(stats.selection.total).toBe(3);
  // Population: 8 triplets. Anchor 0 (d_ap 1): 1.5 semi, 3 easy. Anchor 1 (d_ap 1): 0.5 hard, 2 easy (= d_ap + m).
  // Anchor 2 (d_ap 1.5): 1.5 semi (= d_ap), 0.5 hard. Anchor 3 (d_ap 1.5): 3 easy, 2 semi.
  expect(stats.population).toEqual({ hard: 2, semiHard: 3, easy: 3, total: 8 });
});
