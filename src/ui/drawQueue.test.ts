import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENDED_SHARE, FREE_SHARE, setDrawShare } from './drawBudget';
import { drawLater } from './drawQueue';

let clock = 0;
beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(async () => {
  await vi.runAllTimersAsync(); // the queue is module state: leave it empty
  setDrawShare(FREE_SHARE);
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A canvas as the queue sees it: connected, with a 2-D context and a dataset. */
const canvas = () => ({ isConnected: true, getContext: () => ({}), dataset: {} }) as unknown as HTMLCanvasElement;

/** Queues n thumbnails that each take 4 ms to paint; returns the names painted so far. */
function queueThumbs(n: number): string[] {
  const painted: string[] = [];
  for (let i = 0; i < n; i++)
    drawLater(canvas(), () => {
      painted.push(`thumb ${i}`);
      clock += 4;
    });
  return painted;
}

describe('drawQueue', () => {
  it('paints for about 6 ms a task, the next task at once when the page has a core of its own', async () => {
    const painted = queueThumbs(6);
    await vi.advanceTimersByTimeAsync(0);
    expect(painted).toEqual(['thumb 0', 'thumb 1']); // 8 ms: over the slice after the second
    await vi.advanceTimersByTimeAsync(1);
    expect(painted).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(painted).toHaveLength(6);
  });

  it('while training takes every core, pauses 32× each slice before the next', async () => {
    setDrawShare(CONTENDED_SHARE);
    const painted = queueThumbs(6);
    await vi.advanceTimersByTimeAsync(0);
    expect(painted).toHaveLength(2);
    // 8 ms painted: a pause of 8 · (1 / 0.03 − 1) ≈ 259 ms.
    await vi.advanceTimersByTimeAsync(250);
    expect(painted).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10);
    expect(painted).toHaveLength(4);
  });
});
