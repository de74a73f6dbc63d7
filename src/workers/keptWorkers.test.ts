import { describe, expect, it } from 'vitest';
import { kept, type VisibilityLike } from './keptWorkers';

/** A page whose visibility the test flips. */
function fakePage() {
  const listeners: Array<() => void> = [];
  const page = {
    hidden: false,
    addEventListener: (_: 'visibilitychange', l: () => void) => void listeners.push(l),
  };
  const setHidden = (hidden: boolean) => {
    page.hidden = hidden;
    for (const l of listeners) l();
  };
  return { page: page as VisibilityLike, setHidden };
}

/** A kept counter on a fake page: instance n is the n-th one made; `ended` lists those ended. */
function keptCounter() {
  const { page, setHidden } = fakePage();
  const counter = { made: 0, ended: [] as number[] };
  const pool = kept(
    () => ++counter.made,
    (n) => counter.ended.push(n),
    page,
  );
  return { pool, setHidden, counter };
}

describe('kept', () => {
  it('makes one instance on first use and serves every later use with it while the tab is visible', async () => {
    const { pool, counter } = keptCounter();
    expect(counter.made).toBe(0);
    expect(await pool.use(async (n) => n)).toBe(1);
    expect(await pool.use(async (n) => n)).toBe(1);
    expect(counter.made).toBe(1);
    expect(counter.ended).toEqual([]);
  });

  it('ends the instance once the tab is hidden, not while a task still uses it, and makes a new one after', async () => {
    const { pool, setHidden, counter } = keptCounter();
    let finish!: () => void;
    const running = pool.use((n) => new Promise<number>((resolve) => (finish = () => resolve(n))));
    await Promise.resolve();
    setHidden(true);
    expect(counter.ended).toEqual([]); // busy: kept
    finish();
    expect(await running).toBe(1);
    expect(counter.ended).toEqual([1]); // the task ended while hidden: released then
    setHidden(false);
    expect(await pool.use(async (n) => n)).toBe(2);
    expect(counter.ended).toEqual([1]);
    setHidden(true);
    expect(counter.ended).toEqual([1, 2]);
    setHidden(true); // nothing left to end
    expect(counter.ended).toEqual([1, 2]);
  });

  it('keeps the instance when a task fails, and passes the failure on', async () => {
    const { pool } = keptCounter();
    await expect(pool.use(async () => Promise.reject(new Error('decode failed')))).rejects.toThrow('decode failed');
    expect(await pool.use(async (n) => n)).toBe(1);
  });
});
