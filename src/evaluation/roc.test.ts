import { describe, expect, it } from 'vitest';
import { equalErrorRate, rocAuc, rocCurve } from './roc';
import { tarAtFar } from './tarAtFar';
import { SKLEARN, verificationFixture } from './testing/sklearnFixtures';

/** Naive AUC: P(d_pos < d_neg) + ½ P(tie) over every (positive, negative) pair (Mann–Whitney U / (P·N)). */
function naiveAuc(distances: Float64Array, same: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < distances.length; i++) {
    if (!same[i]) continue;
    for (let j = 0; j < distances.length; j++) {
      if (same[j]) continue;
      pairs++;
      const di = distances[i] as number;
      const dj = distances[j] as number;
      wins += di < dj ? 1 : di === dj ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

// Hand fixture: P = {0.1, 0.2, 0.5}, N = {0.2, 0.4, 0.9}. ROC points (fpr, tpr): (0,0) (0,1/3) (1/3,2/3) (2/3,2/3)
// (2/3,1) (1,1). Trapezoids: 1/3·(1/3+2/3)/2 + 1/3·(2/3+2/3)/2 + 1/3·(1+1)/2 = 1/6 + 2/9 + 1/3 = 13/18.
// Mann–Whitney: 3 + 2.5 + 1 wins of 9 = 13/18. EER: 1 − tpr − fpr hits 0 at (1/3, 2/3), threshold 0.2.
const HAND = { distances: Float64Array.from([0.1, 0.2, 0.2, 0.4, 0.5, 0.9]), same: Uint8Array.from([1, 1, 0, 0, 1, 0]) };

describe('rocCurve / rocAuc / equalErrorRate', () => {
  it('matches the hand-computed curve, AUC and EER (ties move together)', () => {
    const roc = rocCurve(HAND.distances, HAND.same);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 1 / 3, 2 / 3, 2 / 3, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([-Infinity, 0.1, 0.2, 0.4, 0.5, 0.9]);
    expect(rocAuc(roc)).toBeCloseTo(13 / 18, 12);
    expect(naiveAuc(HAND.distances, HAND.same)).toBeCloseTo(13 / 18, 12);
    const { eer, threshold } = equalErrorRate(roc);
    expect(eer).toBeCloseTo(1 / 3, 12);
    expect(threshold).toBeCloseTo(0.2, 12);
  });

  it('perfect separation gives AUC 1 and EER 0; reversed gives AUC 0 and EER 1', () => {
    const same = Uint8Array.from([1, 1, 0, 0]);
    const good = rocCurve(Float64Array.from([0.1, 0.2, 0.8, 0.9]), same);
    expect(rocAuc(good)).toBe(1);
    expect(equalErrorRate(good).eer).toBe(0);
    const bad = rocCurve(Float64Array.from([0.8, 0.9, 0.1, 0.2]), same);
    expect(rocAuc(bad)).toBe(0);
    expect(equalErrorRate(bad).eer).toBe(1);
  });

  it('matches scikit-learn on 3,000 tied pairs (roc_curve, roc_auc_score, facenet EER)', () => {
    const ref = SKLEARN.verification;
    const { distances, same } = verificationFixture(ref.seed, ref.count);
    expect(same.reduce((a, b) => a + b, 0)).toBe(ref.positives);
    const roc = rocCurve(distances, same);
    expect(roc.fpr.length).toBe(ref.points);
    expect(roc.fpr.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.fprSum, 10);
    expect(roc.tpr.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.tprSum, 10);
    expect(Array.from(roc.fpr.subarray(0, 5))).toEqual(ref.fpr5);
    ref.tpr5.forEach((t, i) => expect(roc.tpr[i]).toBeCloseTo(t, 12));
    expect(rocAuc(roc)).toBeCloseTo(ref.auc, 12);
    expect(naiveAuc(distances, same)).toBeCloseTo(ref.auc, 12);
    expect(equalErrorRate(roc).eer).toBeCloseTo(ref.eer, 9);
  });
});

describe('tarAtFar', () => {
  it('hand fixture: FAR 1/3 allows one of 3 negatives; FAR 0.1 allows none and says 3 negatives are too few', () => {
    // Negatives sorted 0.2, 0.4, 0.9. FAR 1/3: accept d < 0.4 → positives 0.1, 0.2 → TAR 2/3, FAR reached 1/3.
    const loose = tarAtFar(HAND.distances, HAND.same, 1 / 3);
    expect(loose).toEqual({ far: 1 / 3, tar: 2 / 3, farReached: 1 / 3, threshold: 0.4, negatives: 3, enough: true });
    // FAR 0.1: ⌊0.3⌋ = 0 allowed → accept d < 0.2 → only 0.1 → TAR 1/3.
    const strict = tarAtFar(HAND.distances, HAND.same, 0.1);
    expect(strict).toEqual({ far: 0.1, tar: 1 / 3, farReached: 0, threshold: 0.2, negatives: 3, enough: false });
  });

  it('matches max(tpr[fpr ≤ FAR]) from scikit-learn roc_curve at 1e-3, 1e-2, 1e-1', () => {
    const ref = SKLEARN.verification;
    const { distances, same } = verificationFixture(ref.seed, ref.count);
    const at3 = tarAtFar(distances, same, 1e-3);
    expect(at3.tar).toBeCloseTo(ref.tarAtFar1e3, 12);
    expect(at3.negatives).toBe(ref.negatives);
    expect(at3.enough).toBe(true);
    expect(at3.farReached).toBeLessThanOrEqual(1e-3);
    expect(tarAtFar(distances, same, 1e-2).tar).toBeCloseTo(ref.tarAtFar1e2, 12);
    expect(tarAtFar(distances, same, 1e-1).tar).toBeCloseTo(ref.tarAtFar1e1, 12);
  });
});
