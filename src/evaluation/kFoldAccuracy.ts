/**
 * Verification accuracy by the LFW protocol as facenet runs it: split the pairs into 10 folds; for each fold pick
 * the threshold that maximises accuracy on the other 9 and measure accuracy on it; report mean ± std over folds.
 * Thresholds are searched exactly (every unique training distance, set midway to the next one) instead of on
 * facenet's 0.01 grid.
 */
import { createRng } from '../common/rng';
import { sortedByDistance } from './roc';

export const DEFAULT_FOLDS = 10;

/**
 * Seeded fold of each pair: a shuffle, then contiguous folds as sklearn's KFold (the first n mod k folds one larger).
 * @returns [P] fold index in [0, k)
 */
export function assignFolds(count: number, folds: number, seed: number): Int32Array {
  const order = createRng(seed).shuffle(Array.from({ length: count }, (_, i) => i));
  const fold = new Int32Array(count);
  const base = Math.floor(count / folds);
  const extra = count % folds;
  let at = 0;
  for (let f = 0; f < folds; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let i = 0; i < size; i++) fold[order[at++] as number] = f;
  }
  return fold;
}

/**
 * The accuracy-maximising threshold (accept d ≤ t) on the pairs where `use[p]`; the first maximum wins, set midway
 * to the next unique distance; −Infinity when accepting nothing is best.
 * @param sorted optional [P] pair indices sorted by distance (sortedByDistance), to share one sort across folds
 */
export function bestThreshold(distances: Float64Array, same: Uint8Array, use: (p: number) => boolean, sorted?: Int32Array): number {
  const idx: number[] = [];
  let positives = 0;
  for (const p of sorted ?? sortedByDistance(distances)) {
    if (!use(p)) continue;
    idx.push(p);
    positives += same[p] as number;
  }
  // Accept nothing: every negative is right.
  let correct = idx.length - positives;
  let best = correct;
  let bestAt = -1;
  for (let k = 0; k < idx.length; k++) {
    const p = idx[k] as number;
    correct += same[p] ? 1 : -1;
    const next = idx[k + 1];
    if (next !== undefined && distances[next] === distances[p]) continue;
    if (correct > best) {
      best = correct;
      bestAt = k;
    }
  }
  if (bestAt < 0) return -Infinity;
  const here = distances[idx[bestAt] as number] as number;
  const next = idx[bestAt + 1];
  return next === undefined ? here : (here + (distances[next] as number)) / 2;
}

export interface KFoldAccuracy {
  mean: number;
  /** Population standard deviation over folds (np.std, as facenet reports). */
  std: number;
  /** [k] accuracy on each held-out fold. */
  folds: number[];
  /** [k] the threshold chosen on the other folds. */
  thresholds: number[];
}

/**
 * @param distances [P] pair distances
 * @param same [P] 1 for a positive pair
 * @param fold [P] fold of each pair (assignFolds)
 */
export function kFoldAccuracy(distances: Float64Array, same: Uint8Array, fold: Int32Array, folds = DEFAULT_FOLDS): KFoldAccuracy {
  const accuracies: number[] = [];
  const thresholds: number[] = [];
  const sorted = sortedByDistance(distances);
  for (let f = 0; f < folds; f++) {
    const t = bestThreshold(distances, same, (p) => fold[p] !== f, sorted);
    let n = 0;
    let correct = 0;
    for (let p = 0; p < distances.length; p++) {
      if (fold[p] !== f) continue;
      n++;
      if (((distances[p] as number) <= t) === (same[p] === 1)) correct++;
    }
    if (n === 0) continue;
    accuracies.push(correct / n);
    thresholds.push(t);
  }
  const mean = accuracies.reduce((a, b) => a + b, 0) / Math.max(accuracies.length, 1);
  const variance = accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(accuracies.length, 1);
  return { mean, std: Math.sqrt(variance), folds: accuracies, thresholds };
}
