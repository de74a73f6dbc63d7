/**
 * Whether a difference between configurations is real: each metric's mean over seeds with a Student-t confidence
 * interval, and per pair of configurations the paired difference over the same seeds (same initial weights and
 * batches per seed) with its interval and a plain verdict. Musgrave, Belongie & Lim (2020) showed that most published
 * gaps between losses vanish under such a protocol. Intervals are per comparison, not corrected for multiple pairs.
 */
import { jStat } from 'jstat';

export interface Interval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  /** Half-width of the interval, t(1 − α/2, n − 1) · sd / √n; NaN below two values. */
  halfWidth: number;
  low: number;
  high: number;
}

/** Mean and `level` (default 95 %) t-interval of `values` (NaN values are not allowed). */
export function meanInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  if (n === 0) throw new RangeError('meanInterval: no values');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const halfWidth = n > 1 ? jStat.studentt.inv(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n)) : Number.NaN;
  return { n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/** The interval of a[i] − b[i] over paired seeds. */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): Interval {
  if (a.length !== b.length) throw new RangeError(`pairedDifference: ${a.length} values against ${b.length}`);
  return meanInterval(a.map((x, i) => x - (b[i] as number)), level);
}

export interface Verdict {
  /** Index of the better configuration, or null when no difference is shown. */
  winner: number | null;
  difference: Interval;
  text: string;
}

const num = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));

/**
 * Configuration `i` against `j` on one metric: a winner only when the paired interval excludes 0.
 * @param higherIsBetter false for the loss
 */
export function verdict(
  labels: readonly [string, string],
  indices: readonly [number, number],
  metric: string,
  a: readonly number[],
  b: readonly number[],
  higherIsBetter = true,
): Verdict {
  const difference = pairedDifference(a, b);
  const { n, mean, halfWidth } = difference;
  const seeds = `${n} seed${n === 1 ? '' : 's'}`;
  if (n < 2) return { winner: null, difference, text: `${labels[0]} vs ${labels[1]} on ${metric}: one seed gives no interval; run 2 or more.` };
  const shown = difference.low > 0 || difference.high < 0;
  if (!shown)
    return {
      winner: null,
      difference,
      text: `${labels[0]} vs ${labels[1]} on ${metric}: no difference shown (${mean >= 0 ? '+' : '−'}${num(Math.abs(mean))} ± ${num(halfWidth)} over ${seeds}).`,
    };
  const firstBetter = mean > 0 === higherIsBetter;
  const [winner, loser] = firstBetter ? [0, 1] : [1, 0];
  return {
    winner: indices[winner] as number,
    difference,
    text: `${labels[winner]} beats ${labels[loser]} on ${metric} by ${num(Math.abs(mean))} ± ${num(halfWidth)} over ${seeds}.`,
  };
}
