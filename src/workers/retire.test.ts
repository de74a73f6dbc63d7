import { afterEach, describe, expect, it, vi } from 'vitest';
import { retire, RETIRE_GAP_MS } from './retire';

/** A stand-in for the browser's Worker class, so `retire` treats its instances as real workers. */
class FakeWorker {
  static ended: string[] = [];
  constructor(readonly name: string) {}
  terminate(): void {
    FakeWorker.ended.push(this.name);
  }
}

describe('retire', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    FakeWorker.ended = [];
  });

  it('terminates workers one at a time, RETIRE_GAP_MS apart, and a lone one at once', () => {
    vi.useFakeTimers();
    vi.stubGlobal('Worker', FakeWorker);
    retire(new FakeWorker('a') as unknown as Worker);
    retire(new FakeWorker('b') as unknown as Worker);
    retire(new FakeWorker('c') as unknown as Worker);
    expect(FakeWorker.ended).toEqual(['a']);
    vi.advanceTimersByTime(RETIRE_GAP_MS - 1);
    expect(FakeWorker.ended).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(FakeWorker.ended).toEqual(['a', 'b']);
    vi.advanceTimersByTime(RETIRE_GAP_MS);
    expect(FakeWorker.ended).toEqual(['a', 'b', 'c']);
    // Long after the last one, a worker goes at once again.
    vi.advanceTimersByTime(10 * RETIRE_GAP_MS);
    retire(new FakeWorker('d') as unknown as Worker);
    expect(FakeWorker.ended).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ends an in-process stand-in at once, whatever was retired just before', () => {
    vi.useFakeTimers();
    vi.stubGlobal('Worker', FakeWorker);
    retire(new FakeWorker('a') as unknown as Worker);
    const fake = { terminate: vi.fn() };
    retire(fake);
    expect(fake.terminate).toHaveBeenCalledTimes(1);
  });
});
