/**
 * Interleaved A/B timing for the browser benches. Two sides measured one after the other on a noisy machine drift
 * apart (the same bench gave 1.08× and 0.64× on two runs); measured in pairs A B A B …, each pair's ratio sees the
 * same load, and the median of the pair ratios with its spread can show a 5 % difference.
 */

/** One side's segment: ms per step over the segment and the main-thread long tasks (> 50 ms) it saw. */
export interface Segment {
  msPerStep: number;
  longTasks: number[];
}

export interface PairSummary {
  /** Median of the per-pair ratios a / b. */
  median: number;
  /** Interquartile range of the pair ratios (linear interpolation, as numpy's default). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  pairs: number;
  /** Median ms/step of each side. */
  aMs: number;
  bMs: number;
  /** Long tasks per side, over all its segments. */
  aLongTasks: number[];
  bLongTasks: number[];
}

/** The q-quantile of sorted values, interpolating linearly between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const median = (values: readonly number[]): number =>
  quantile(
    [...values].sort((x, y) => x - y),
    0.5,
  );

/**
 * Runs `warmup` on both sides, then `pairs` pairs; the side that goes first alternates (A B, B A, …), so neither
 * side always runs right after the other's cache or thermal state.
 */
export async function interleave(
  a: () => Promise<Segment>,
  b: () => Promise<Segment>,
  pairs: number,
  log?: (line: string) => void,
): Promise<PairSummary> {
  const ratios: number[] = [];
  const as: Segment[] = [];
  const bs: Segment[] = [];
  for (let i = 0; i < pairs; i++) {
    let sa: Segment, sb: Segment;
    if (i % 2 === 0) {
      sa = await a();
      sb = await b();
    } else {
      sb = await b();
      sa = await a();
    }
    as.push(sa);
    bs.push(sb);
    ratios.push(sa.msPerStep / sb.msPerStep);
    log?.(
      `pair ${i + 1}/${pairs}: ${sa.msPerStep.toFixed(1)} / ${sb.msPerStep.toFixed(1)} ms = ${ratios[i]!.toFixed(3)}`,
    );
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    pairs,
    aMs: median(as.map((s) => s.msPerStep)),
    bMs: median(bs.map((s) => s.msPerStep)),
    aLongTasks: as.flatMap((s) => s.longTasks),
    bLongTasks: bs.flatMap((s) => s.longTasks),
  };
}

/** "IQR 0.97–1.04, range 0.93–1.10, 8 pairs" for a row's note. */
export function spread(s: PairSummary): string {
  const f = (x: number) => x.toFixed(2);
  return `IQR ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)}, ${s.pairs} pairs`;
}
