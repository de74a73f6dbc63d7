import { afterEach, describe, expect, it } from 'vitest';
import type { BackendReport } from '../train/backend';
import { CONTENDED_SHARE, FREE_SHARE, pauseAfter, setDrawShare, takesEveryCore } from './drawBudget';

const report = (name: BackendReport['name'], threads?: number): BackendReport => ({
  name,
  passedOver: [],
  label: name,
  reason: '',
  gpu: name === 'webgpu',
  forced: false,
  ...(threads === undefined ? {} : { threads }),
});

afterEach(() => setDrawShare(FREE_SHARE));

describe('drawBudget', () => {
  it('pauses after a redraw so that redraws take at most the share: none when free, 32× the redraw when contended', () => {
    expect(pauseAfter(30)).toBe(0);
    setDrawShare(CONTENDED_SHARE);
    expect(pauseAfter(30)).toBeCloseTo(970, 9);
    // redraw / (redraw + pause) is the share
    expect(30 / (30 + pauseAfter(30))).toBeCloseTo(CONTENDED_SHARE, 12);
    expect(pauseAfter(-1)).toBe(0);
    setDrawShare(0.5);
    expect(pauseAfter(12)).toBe(12);
  });

  it('counts training as taking every core when a CPU backend runs as many threads as there are cores', () => {
    expect(takesEveryCore(report('wasm', 2), 2)).toBe(true);
    expect(takesEveryCore(report('wasm', 1), 2)).toBe(false);
    expect(takesEveryCore(report('wasm', 7), 8)).toBe(false);
    expect(takesEveryCore(report('wasm', 8), 8)).toBe(true);
    // The cpu backend and an unthreaded wasm build run one thread: every core only on a 1-core machine.
    expect(takesEveryCore(report('cpu'), 1)).toBe(true);
    expect(takesEveryCore(report('cpu'), 2)).toBe(false);
    expect(takesEveryCore(report('wasm'), undefined)).toBe(true);
    // On a GPU the worker's thread mostly waits.
    expect(takesEveryCore(report('webgpu'), 1)).toBe(false);
    expect(takesEveryCore(report('webgl'), 1)).toBe(false);
  });
});
