import { describe, expect, it } from 'vitest';
import { ari, nmi, purity } from './agreement';

// sklearn fixtures: computed once with scikit-learn 1.2.1 (Debian python3-sklearn) by
//   normalized_mutual_info_score(truth, pred), adjusted_rand_score(truth, pred)
// for the label lists below; the unit tests do not need python.
const N = 40;
const TRUTH = Array.from({ length: N }, (_, i) => (i * 7) % 3);
const PRED = Array.from({ length: N }, (_, i) => (i % 5 ? (i * 7) % 3 : i % 4));
const SK_NMI = 0.6131467146664396;
const SK_ARI = 0.6471661766196898;
const T2 = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const P2 = [0, 0, 1, 1, 1, 1, 2, 2, 3, 3];
const SK_NMI2 = 0.713703197579881;
const SK_ARI2 = 0.4444444444444444;

describe('agreement scores', () => {
  it('match scikit-learn on fixtures', () => {
    expect(nmi(TRUTH, PRED)).toBeCloseTo(SK_NMI, 12);
    expect(ari(TRUTH, PRED)).toBeCloseTo(SK_ARI, 12);
    expect(nmi(T2, P2)).toBeCloseTo(SK_NMI2, 12);
    expect(ari(T2, P2)).toBeCloseTo(SK_ARI2, 12);
  });

  it('match hand-checked values', () => {
    // identical up to renaming
    expect(nmi([0, 0, 1, 1], [5, 5, 2, 2])).toBe(1);
    expect(ari([0, 0, 1, 1], [5, 5, 2, 2])).toBe(1);
    expect(purity([0, 0, 1, 1], [5, 5, 2, 2])).toBe(1);
    // independent: contingency [[1,1],[1,1]]: MI = 0; ARI = (0 − (2·2/6)) / (2 − 2/3) = −0.5; purity 2/4
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
    expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(purity([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    // T2/P2 by hand: rows sizes 3,3,4 → C2 = 3+3+6 = 12; expected = 12·9/45 = 2.4; max = (12 + 9)/2 = 10.5;
    // cells: (0,0)=2 (0,1)=1 (1,1)=3 (2,2)=2 (2,3)=2 → C2 = 1+0+3+1+1 = 6; cols: sizes 2,4,2,2 → 1+6+1+1 = 9
    // → ARI = (6 − 2.4)/(10.5 − 2.4) = 0.4444…, as sklearn. Purity = (2 + 3 + 2 + 2)/10.
    expect(ari(T2, P2)).toBeCloseTo((6 - 2.4) / (10.5 - 2.4), 12);
    expect(purity(T2, P2)).toBeCloseTo(0.9, 12);
  });

  it('handle the degenerate partitions as sklearn does', () => {
    expect(nmi([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(ari([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(ari([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(ari([0, 0, 0], [0, 1, 2])).toBe(0);
    expect(nmi([0, 0, 0], [0, 1, 2])).toBe(0);
    // purity rewards over-splitting (every singleton is pure): why it is shown next to NMI/ARI
    expect(purity([0, 0, 1, 1], [0, 1, 2, 3])).toBe(1);
  });

  it('rejects labelings of different lengths', () => {
    expect(() => nmi([0, 1], [0])).toThrow(RangeError);
  });
});
