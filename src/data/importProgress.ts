/** Progress of a long job: done/total, rate and ETA, throttled so the page is told a few times a second at most. */

export interface ImportProgress {
  done: number;
  total: number;
  imagesPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  etaSeconds: number | null;
}

export interface ProgressMeter {
  /** Record `done`; returns a progress report when at least `intervalMs` passed since the last one (or at the end). */
  update(done: number): ImportProgress | null;
  current(): ImportProgress;
}

export function createProgressMeter(total: number, now: () => number, intervalMs = 200): ProgressMeter {
  const start = now();
  let last = -Infinity;
  let done = 0;
  const current = (): ImportProgress => {
    const seconds = (now() - start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    return { done, total, imagesPerSecond: rate, etaSeconds: rate > 0 ? (total - done) / rate : null };
  };
  return {
    current,
    update(d) {
      done = d;
      const t = now();
      if (t - last < intervalMs && done < total) return null;
      last = t;
      return current();
    },
  };
}
