/** A run's curve over seeds: at each step the mean of the seeds that reached it, and their range (the band). */
export interface BandPoint {
  step: number;
  mean: number;
  low: number;
  high: number;
  seeds: number;
}

export function meanWithBand(points: readonly { step: number; seed: number; value: number }[]): BandPoint[] {
  const byStep = new Map<number, number[]>();
  for (const p of points) if (Number.isFinite(p.value)) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p.value]);
  return [...byStep]
    .sort((a, b) => a[0] - b[0])
    .map(([step, vs]) => ({ step, mean: vs.reduce((s, v) => s + v, 0) / vs.length, low: Math.min(...vs), high: Math.max(...vs), seeds: vs.length }));
}
