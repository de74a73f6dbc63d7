/** The batcher: full batches go at once, a short one only when nothing else is on its way, one batch at a time. */
import { describe, expect, it } from 'vitest';
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { FormResult } from '../data/processImage';
import { createAlignBatcher } from './faceAlignBatcher';

const SPEC: ImageSpec = { width: 8, height: 8, channels: 1 };
const img = (v: number): RawImage => ({ width: 1, height: 1, channels: 1, data: new Uint8Array([v]) });
const tick = () => new Promise((r) => setTimeout(r, 0));

/** alignMany that records each batch's pixel values and answers when `go()` is called. */
function recorder() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const alignMany = (raws: readonly RawImage[]): Promise<FormResult[]> => {
    batches.push(raws.map((r) => r.data[0] as number));
    return new Promise((resolve) =>
      pending.push(() => resolve(raws.map((r) => ({ ok: true, pixels: new Uint8Array([r.data[0] as number]) })))),
    );
  };
  const go = async () => {
    pending.shift()?.();
    await tick();
  };
  return { batches, alignMany, go };
}

describe('createAlignBatcher', () => {
  it('waits for every held request, then sends them together; one batch at a time, at most maxBatch', async () => {
    const r = recorder();
    const b = createAlignBatcher(r.alignMany, 3);
    for (let i = 0; i < 5; i++) b.hold();
    const out = [1, 2].map((v) => b.toStored(img(v), SPEC));
    await tick();
    expect(r.batches).toEqual([]); // three more are held (decoding)
    out.push(b.toStored(img(3), SPEC));
    await tick();
    expect(r.batches).toEqual([[1, 2, 3]]); // full
    out.push(b.toStored(img(4), SPEC), b.toStored(img(5), SPEC));
    await tick();
    expect(r.batches).toEqual([[1, 2, 3]]); // the first is still running
    await r.go();
    expect((await Promise.all(out.slice(0, 3))).map((x) => x.ok && x.pixels[0])).toEqual([1, 2, 3]);
    // The first three are still held until answered: 4 and 5 wait for them to be released, then go as a pair.
    expect(r.batches).toEqual([[1, 2, 3]]);
    for (let i = 0; i < 3; i++) b.release();
    await tick();
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    await r.go();
    expect((await Promise.all(out.slice(3))).map((x) => x.ok && x.pixels[0])).toEqual([4, 5]);
  });

  it('a request that never reaches toStored (a corrupt file) stops being waited for once released', async () => {
    const r = recorder();
    const b = createAlignBatcher(r.alignMany, 9);
    b.hold();
    b.hold();
    const one = b.toStored(img(7), SPEC);
    await tick();
    expect(r.batches).toEqual([]);
    b.release(); // the other request ended early
    await tick();
    expect(r.batches).toEqual([[7]]);
    await r.go();
    expect((await one).ok).toBe(true);
  });

  it('never mixes specs in a batch; a failed batch rejects its own images only', async () => {
    const calls: ImageSpec[] = [];
    let fail = true;
    const b = createAlignBatcher((raws, spec) => {
      calls.push(spec);
      if (fail) {
        fail = false;
        return Promise.reject(new Error('wasm trap'));
      }
      return Promise.resolve(raws.map(() => ({ ok: true, pixels: new Uint8Array(1) })));
    }, 9);
    const other: ImageSpec = { width: 4, height: 4, channels: 3 };
    b.hold();
    b.hold();
    const a = b.toStored(img(1), SPEC);
    const c = b.toStored(img(2), other);
    await expect(a).rejects.toThrow('wasm trap');
    b.release(); // the worker answers the failed request
    expect((await c).ok).toBe(true);
    expect(calls).toEqual([SPEC, other]);
  });
});
