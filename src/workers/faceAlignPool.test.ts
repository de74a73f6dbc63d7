/**
 * The batching pool with in-process fake workers: each worker holds up to `depth` files, files spread evenly, every
 * file gets its own answer, a crash fails only the crashed worker's files, an abort drops the queued ones.
 */
import { describe, expect, it } from 'vitest';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import type { WorkerLike } from './decodePool';
import { createBatchingPool } from './faceAlignPool';

const spec = { width: 4, height: 4, channels: 1 as const };
const file = new Blob(['x']);

/** A worker that answers what it holds all at once, a few ms after it last received a file (a batch). */
function fakeWorker(log: { peak: number[]; crashOn?: string }, index: number): WorkerLike {
  const held: DecodeRequest[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => clearTimeout(timer),
    postMessage(req) {
      held.push(req);
      log.peak[index] = Math.max(log.peak[index] ?? 0, held.length);
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (held.some((r) => r.name === log.crashOn)) return w.onerror?.({ message: 'boom' } as ErrorEvent);
        for (const r of held.splice(0)) {
          const outcome = { ok: false as const, reason: 'noFace' as const, detail: `${r.name} in worker ${index}` };
          w.onmessage?.({
            data: { type: 'result', id: r.id, outcome } as DecodeResponse,
          } as MessageEvent<DecodeResponse>);
        }
      }, 2);
    },
  };
  return w;
}

describe('createBatchingPool', () => {
  it('keeps up to depth files in each worker, spread evenly, and answers each file with its own result', async () => {
    const log = { peak: [] as number[] };
    let made = 0;
    const pool = createBatchingPool(() => fakeWorker(log, made++), 2, 5);
    expect(pool.window).toBe(20);
    const outs = await Promise.all(Array.from({ length: 23 }, (_, k) => pool.process(file, `${k}.png`, spec)));
    expect(outs.map((o) => !o.ok && o.detail?.split(' ')[0])).toEqual(Array.from({ length: 23 }, (_, k) => `${k}.png`));
    // Files 0, 2, 4, … went to worker 0 and 1, 3, 5, … to worker 1 at first: least busy first.
    expect(outs.slice(0, 4).map((o) => !o.ok && o.detail?.endsWith(`worker ${0}`))).toEqual([true, false, true, false]);
    expect(log.peak).toEqual([5, 5]);
    expect(made).toBe(2);
    pool.terminate();
  });

  it('a crash fails the files that worker held, and only those; the worker is replaced', async () => {
    const log = { peak: [] as number[], crashOn: '1.png' };
    let made = 0;
    const pool = createBatchingPool(() => fakeWorker(log, made++), 2, 2);
    const results = await Promise.allSettled(Array.from({ length: 4 }, (_, k) => pool.process(file, `${k}.png`, spec)));
    // Worker 1 held 1.png and 3.png.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(results[1]?.status === 'rejected' && String(results[1].reason)).toBe(
      'Error: The face-align worker stopped (boom).',
    );
    expect(made).toBe(3);
    pool.terminate();
  });

  it('drops queued files on abort and refuses work once terminated', async () => {
    const pool = createBatchingPool(() => fakeWorker({ peak: [] }, 0), 1, 2);
    const ctrl = new AbortController();
    const ps = Array.from({ length: 5 }, (_, k) => pool.process(file, `${k}.png`, spec, ctrl.signal));
    ctrl.abort();
    const settled = await Promise.allSettled(ps);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    pool.terminate();
    await expect(pool.process(file, 'late.png', spec)).rejects.toThrow(/terminated/);
  });
});
