import { describe, expect, it } from 'vitest';
import { meanInterval, pairedDifference, verdict } from './seedStatistics';
import { SCIPY, VECTORS } from './testing/scipyFixtures';

describe('seed statistics against scipy 1.10 (scipyOracle.py)', () => {
  for (const [name, values] of Object.entries(VECTORS)) {
    it(`mean and t-intervals of "${name}" (${values.length} seeds)`, () => {
      for (const [level, want] of [
        [0.95, SCIPY.intervals[name as keyof typeof SCIPY.intervals]],
        [0.99, SCIPY.intervals99[name as keyof typeof SCIPY.intervals99]],
      ] as const) {
        const got = meanInterval(values, level);
        expect(got.n).toBe(want.n);
        expect(got.mean).toBeCloseTo(want.mean, 12);
        expect(got.sd).toBeCloseTo(want.sd, 12);
        expect(got.low).toBeCloseTo(want.low, 7);
        expect(got.high).toBeCloseTo(want.high, 7);
      }
    });
  }

  for (const [name, want] of Object.entries(SCIPY.paired)) {
    it(`paired difference "${name}" and its verdict agree with ttest_rel (p = ${want.p.toFixed(4)})`, () => {
      const got = pairedDifference(want.a, want.b);
      expect(got.mean).toBeCloseTo(want.mean, 12);
      expect(got.low).toBeCloseTo(want.low, 7);
      expect(got.high).toBeCloseTo(want.high, 7);
      const v = verdict(['batch hard', 'random triplets'], [0, 1], 'mAP@R', want.a, want.b);
      // The 95 % interval excludes 0 exactly when the two-sided paired t-test rejects at 5 %.
      expect(v.winner !== null).toBe(want.p < 0.05);
    });
  }

  it('words the verdicts: a winner, no difference, a loss where lower is better, one seed', () => {
    const gap = SCIPY.paired.gap;
    expect(verdict(['batch hard', 'random triplets'], [0, 1], 'mAP@R', gap.a, gap.b).text).toBe(
      `batch hard beats random triplets on mAP@R by ${gap.mean.toFixed(3)} ± ${((gap.high - gap.low) / 2).toFixed(3)} over 5 seeds.`,
    );
    expect(verdict(['random triplets', 'batch hard'], [1, 0], 'mAP@R', gap.b, gap.a).winner).toBe(0);
    const noise = SCIPY.paired.noise;
    expect(verdict(['A', 'B'], [0, 1], 'Recall@1', noise.a, noise.b).text).toMatch(/^A vs B on Recall@1: no difference shown \(−0\.002 ± 0\.0\d\d over 5 seeds\)\.$/);
    // The loss: lower is better, so the first (smaller) wins.
    expect(verdict(['A', 'B'], [0, 1], 'final loss', [0.1, 0.12, 0.11], [0.3, 0.33, 0.31], false).winner).toBe(0);
    expect(verdict(['A', 'B'], [0, 1], 'AUC', [0.9], [0.8]).text).toBe('A vs B on AUC: one seed gives no interval; run 2 or more.');
  });

  it('a configuration against itself shows no difference', () => {
    const v = verdict(['A', 'A'], [0, 1], 'AUC', VECTORS.five!, VECTORS.five!);
    expect(v.winner).toBeNull();
    expect(v.difference.halfWidth).toBe(0);
  });
});
