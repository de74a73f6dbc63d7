import { describe, expect, it } from 'vitest';
import { assignFolds, bestThreshold, kFoldAccuracy } from './kFoldAccuracy';
import { statsAtThreshold } from './threshold';
import { verificationFixture } from './testing/sklearnFixtures';

/** Naive threshold search: every candidate (accept nothing, then each unique distance), accuracy by a full loop. */
function naiveBest(distances: Float64Array, same: Uint8Array, use: (p: number) => boolean): number {
  const values = [...new Set(Array.from(distances).filter((_, p) => use(p)))].sort((a, b) => a - b);
  const accuracyAt = (t: number) => {
    let correct = 0;
    for (let p = 0; p < distances.length; p++) if (use(p) && ((distances[p] as number) <= t) === (same[p] === 1)) correct++;
    return correct;
  };
  let best = accuracyAt(-Infinity);
  let at = -1;
  values.forEach((v, k) => {
    if (accuracyAt(v) > best) {
      best = accuracyAt(v);
      at = k;
    }
  });
  if (at < 0) return -Infinity;
  return at + 1 < values.length ? ((values[at] as number) + (values[at + 1] as number)) / 2 : (values[at] as number);
}

describe('assignFolds', () => {
  it('splits into k folds of sizes differing by at most one, seeded', () => {
    const fold = assignFolds(103, 10, 4);
    const sizes = Array.from({ length: 10 }, (_, f) => fold.filter((x) => x === f).length);
    expect(sizes).toEqual([11, 11, 11, 10, 10, 10, 10, 10, 10, 10]);
    expect(Array.from(assignFolds(103, 10, 4))).toEqual(Array.from(fold));
    expect(Array.from(assignFolds(103, 10, 5))).not.toEqual(Array.from(fold));
  });
});

describe('kFoldAccuracy', () => {
  it('hand fixture with two folds', () => {
    // Fold 0: 0.1P 0.3N 0.5P 0.7N; fold 1: 0.25P 0.4P 0.6N 0.8N.
    // Train on fold 1: correct counts 2 (accept nothing), 3, 4, 3, 2 → best after 0.4 → t = (0.4+0.6)/2 = 0.5;
    //   fold 0 at d ≤ 0.5: 0.1P ✓ 0.3N ✗ 0.5P ✓ 0.7N ✓ → 3/4.
    // Train on fold 0: 2, 3, 2, 3, 2 → first best after 0.1 → t = 0.2; fold 1: 0.25P ✗ 0.4P ✗ 0.6N ✓ 0.8N ✓ → 2/4.
    // Mean 0.625, population std 0.125.
    const distances = Float64Array.from([0.1, 0.3, 0.5, 0.7, 0.25, 0.4, 0.6, 0.8]);
    const same = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 0]);
    const fold = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const result = kFoldAccuracy(distances, same, fold, 2);
    expect(result.folds).toEqual([0.75, 0.5]);
    expect(result.thresholds[0]).toBeCloseTo(0.5, 12);
    expect(result.thresholds[1]).toBeCloseTo(0.2, 12);
    expect(result.mean).toBeCloseTo(0.625, 12);
    expect(result.std).toBeCloseTo(0.125, 12);
  });

  it('picks the same thresholds as a naive search and scores folds as statsAtThreshold does', () => {
    const { distances, same } = verificationFixture(9, 600);
    const fold = assignFolds(600, 10, 1);
    const result = kFoldAccuracy(distances, same, fold);
    expect(result.folds.length).toBe(10);
    for (let f = 0; f < 10; f++) {
      const t = naiveBest(distances, same, (p) => fold[p] !== f);
      expect(bestThreshold(distances, same, (p) => fold[p] !== f)).toBe(t);
      const idx = Array.from(fold.keys()).filter((p) => fold[p] === f);
      const stats = statsAtThreshold(Float64Array.from(idx, (p) => distances[p] as number), Uint8Array.from(idx, (p) => same[p] as number), t);
      expect(result.folds[f]).toBeCloseTo(stats.accuracy, 12);
    }
    const mean = result.folds.reduce((a, b) => a + b, 0) / 10;
    expect(result.mean).toBeCloseTo(mean, 12);
    expect(result.mean).toBeGreaterThan(0.6);
  });

  it('separable pairs are 100% on every fold', () => {
    const distances = Float64Array.from({ length: 40 }, (_, i) => (i < 20 ? i / 100 : 1 + i / 100));
    const same = Uint8Array.from({ length: 40 }, (_, i) => (i < 20 ? 1 : 0));
    const result = kFoldAccuracy(distances, same, assignFolds(40, 10, 2));
    expect(result.mean).toBe(1);
    expect(result.std).toBe(0);
  });
});

describe('statsAtThreshold', () => {
  it('counts accepts at d ≤ t', () => {
    // P = {0.1, 0.2, 0.5}, N = {0.2, 0.4, 0.9}; t = 0.2 accepts P 0.1, 0.2 and N 0.2.
    const s = statsAtThreshold(Float64Array.from([0.1, 0.2, 0.2, 0.4, 0.5, 0.9]), Uint8Array.from([1, 1, 0, 0, 1, 0]), 0.2);
    expect(s).toEqual({ threshold: 0.2, tar: 2 / 3, far: 1 / 3, accuracy: 4 / 6, positives: 3, negatives: 3 });
  });
});
