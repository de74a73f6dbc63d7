import { describe, expect, it } from 'vitest';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import type { WorkerLike } from './decodePool';
import { createDecodePool } from './decodePool';
import { processBlob } from '../data/processImage';

/** An in-process stand-in for the module worker: same pure function, async like postMessage. */
function fakeWorker(log: { started: number; crashOn?: string }): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => {},
    postMessage(req: DecodeRequest) {
      log.started++;
      setTimeout(async () => {
        if (req.name === log.crashOn) return w.onerror?.({ message: 'boom' } as ErrorEvent);
        const outcome = await processBlob(req.file, req.name, req.spec, async () =>
          Promise.reject(new Error('no bitmaps in Node')),
        );
        w.onmessage?.({
          data: { type: 'result', id: req.id, outcome } as DecodeResponse,
        } as MessageEvent<DecodeResponse>);
      }, 1);
    },
  };
  return w;
}

const pgm = (v: number): Blob => new Blob([`P2 2 2 255 ${v} ${v} ${v} ${v}`]);
const spec = { width: 4, height: 4, channels: 1 as const };

describe('decode pool', () => {
  it('runs every file through the workers and returns each its own result', async () => {
    const log = { started: 0 };
    let made = 0;
    const pool = createDecodePool(() => (made++, fakeWorker(log)), 3);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, v) => pool.process(pgm(v * 10), `${v}.pgm`, spec)));
    expect(made).toBe(3);
    outs.forEach((o, v) => expect(o.ok && o.pixels[0]).toBe(v * 10));
    pool.terminate();
  });
  it('fails only the file whose worker crashed and replaces that worker', async () => {
    const log = { started: 0, crashOn: 'bad.pgm' };
    let made = 0;
    const pool = createDecodePool(() => (made++, fakeWorker(log)), 2);
    const results = await Promise.allSettled([
      pool.process(pgm(1), 'a.pgm', spec),
      pool.process(pgm(2), 'bad.pgm', spec),
      pool.process(pgm(3), 'c.pgm', spec),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]?.status === 'rejected' && String(results[1].reason)).toBe(
      'Error: The decode worker stopped (boom).',
    );
    expect(made).toBe(3);
    // The replacement works: both workers serve the next files.
    const more = await Promise.all([pool.process(pgm(4), 'd.pgm', spec), pool.process(pgm(5), 'e.pgm', spec)]);
    expect(more.map((o) => o.ok && o.pixels[0])).toEqual([4, 5]);
    expect(made).toBe(3);
    pool.terminate();
  });
  it('drops queued files on abort', async () => {
    const log = { started: 0 };
    const pool = createDecodePool(() => fakeWorker(log), 1);
    const ctrl = new AbortController();
    const ps = Array.from({ length: 5 }, (_, v) => pool.process(pgm(v), `${v}.pgm`, spec, ctrl.signal));
    ctrl.abort();
    const results = await Promise.allSettled(ps);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(log.started).toBe(1);
    pool.terminate();
  });
  it("leaves no abort listener on the import's signal once its files have gone to the workers", async () => {
    const pool = createDecodePool(() => fakeWorker({ started: 0 }), 2);
    const signal = new AbortController().signal;
    const live = new Set<unknown>();
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, l: EventListener, o?: AddEventListenerOptions) => {
      live.add(l);
      add(type, l, o);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, l: EventListener) => {
      live.delete(l);
      remove(type, l);
    }) as typeof signal.removeEventListener;
    await Promise.all(Array.from({ length: 12 }, (_, v) => pool.process(pgm(v), `${v}.pgm`, spec, signal)));
    expect(live.size).toBe(0);
    pool.terminate();
  });
  it('a worker that fails to load fails the files it held with a clear message; terminate rejects the rest', async () => {
    const pool = createDecodePool(() => {
      const w = fakeWorker({ started: 0 });
      w.postMessage = () => void setTimeout(() => w.onerror?.({} as ErrorEvent), 1);
      return w;
    }, 1);
    await expect(pool.process(pgm(1), 'a.pgm', spec)).rejects.toThrow(
      'The decode worker stopped (it could not be loaded).',
    );
    const queued = pool.process(pgm(2), 'b.pgm', spec);
    pool.terminate();
    await expect(queued).rejects.toThrow('decode pool terminated');
    await expect(pool.process(pgm(3), 'c.pgm', spec)).rejects.toThrow('decode pool terminated');
  });
});
