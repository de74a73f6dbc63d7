import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENDED_SHARE, FREE_SHARE, setDrawShare } from '../drawBudget';
import { afterPaint } from './afterPaint';

beforeEach(() => {
  vi.useFakeTimers();
  // A frame every 16 ms; the page's rAF is not in Node.
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
});
afterEach(() => {
  setDrawShare(FREE_SHARE);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('afterPaint', () => {
  it('runs one job per frame, in the order queued', async () => {
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) afterPaint(() => ran.push(name));
    await vi.advanceTimersByTimeAsync(17);
    expect(ran).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(34);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('lets a job take the place of a waiting one with the same key, so a chart redrawn faster than frames come still draws', async () => {
    const ran: string[] = [];
    const chart = {};
    afterPaint(() => ran.push('other 1'));
    afterPaint(() => ran.push('chart, batch 1'), chart);
    afterPaint(() => ran.push('other 2'));
    afterPaint(() => ran.push('chart, batch 2'), chart);
    afterPaint(() => ran.push('chart, batch 3'), chart);
    await vi.advanceTimersByTimeAsync(200);
    expect(ran).toEqual(['other 1', 'chart, batch 3', 'other 2']);
    // Once run, the key queues afresh.
    afterPaint(() => ran.push('chart, batch 4'), chart);
    await vi.advanceTimersByTimeAsync(20);
    expect(ran.at(-1)).toBe('chart, batch 4');
  });

  it('while training takes every core, waits 32× a redraw before the next one, and the waiting chart draws its latest', async () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    setDrawShare(CONTENDED_SHARE);
    const ran: string[] = [];
    const chart = {};
    const draw = (name: string) => () => {
      ran.push(name);
      clock += 30; // each redraw takes 30 ms of the main thread
    };
    afterPaint(draw('histogram'));
    afterPaint(draw('loss, step 1'), chart);
    await vi.advanceTimersByTimeAsync(17);
    expect(ran).toEqual(['histogram']);
    afterPaint(draw('loss, step 2'), chart);
    // 30 ms of drawing, then 970 ms of pause, then a frame: nothing before.
    await vi.advanceTimersByTimeAsync(960);
    expect(ran).toEqual(['histogram']);
    await vi.advanceTimersByTimeAsync(40);
    expect(ran).toEqual(['histogram', 'loss, step 2']);
  });
});
