import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pace } from './pacer';

describe('pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes the views that are due in one task, at most once per period each, and the last change lands', () => {
    const flushes: [string, number][] = [];
    const fast = pace(250, () => flushes.push(['fast', performance.now()]));
    const slow = pace(1000, () => flushes.push(['slow', performance.now()]));
    const t0 = performance.now();
    // A step every 50 ms for 2 s.
    for (let t = 0; t < 2000; t += 50) {
      fast.changed();
      slow.changed();
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(1500);
    const at = (name: string) => flushes.filter(([n]) => n === name).map(([, t]) => t - t0);
    // The first change after a quiet time flushes at once; then every 250 ms (fast) and every 1,000 ms (slow).
    expect(at('fast')).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
    expect(at('slow')).toEqual([0, 1000, 2000]);
    // Every slow flush shares its tick with a fast one: one task, so one React commit and one frame.
    for (const t of at('slow')) expect(at('fast')).toContain(t);
    fast.stop();
    slow.stop();
  });

  it('a stopped view is never flushed again', () => {
    let n = 0;
    const view = pace(250, () => n++);
    view.changed();
    vi.advanceTimersByTime(5000);
    expect(n).toBe(1);
    view.changed();
    view.stop();
    vi.advanceTimersByTime(5000);
    expect(n).toBe(1);
  });
});
