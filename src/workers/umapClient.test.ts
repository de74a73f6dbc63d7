import { describe, expect, it } from 'vitest';
import type { WorkerLike } from './rpc';
import { createUmapClient } from './umapClient';
import type { UmapRequest, UmapResponse } from './umapProtocol';

/** A worker that answers each projection with two progress messages and the points (x, y) = (row, -row). */
function fakeWorker(log: { requests: UmapRequest[]; terminated: number }, broken: boolean) {
  const w: WorkerLike<UmapRequest, UmapResponse> = {
    onmessage: null,
    onerror: null,
    terminate: () => void log.terminated++,
    postMessage(request, transfer = []) {
      const req = structuredClone(request, { transfer });
      log.requests.push(req);
      setTimeout(() => {
        if (broken) return w.onerror?.({ message: "Uncaught SyntaxError: Unexpected token '<'" });
        const n = req.data.length / req.dim;
        for (const epoch of [0, 20]) w.onmessage?.({ data: { id: req.id, type: 'progress', epoch, epochs: 40 } });
        const points = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 1 : -1) * Math.floor(k / 2));
        w.onmessage?.({ data: { id: req.id, type: 'result', points } });
      }, 1);
    },
  };
  return w;
}

describe('umap2d', () => {
  it('sends a copy of the rows with the seed, reports progress by epoch and resolves with the points', async () => {
    const log = { requests: [] as UmapRequest[], terminated: 0 };
    const umap2d = createUmapClient(() => fakeWorker(log, false));
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    const epochs: string[] = [];
    const points = await umap2d(data, 2, 7, (e, of) => epochs.push(`${e}/${of}`));
    expect([...points]).toEqual([0, -0, 1, -1, 2, -2]);
    expect(epochs).toEqual(['0/40', '20/40']);
    expect(data.length).toBe(6); // the caller keeps its embeddings
    expect(log.requests.map((r) => [r.type, r.dim, r.seed, [...r.data]])).toEqual([['umap', 2, 7, [1, 2, 3, 4, 5, 6]]]);
  });

  it('a worker that fails to load rejects with a clear message, and the next projection starts a fresh worker', async () => {
    const log = { requests: [] as UmapRequest[], terminated: 0 };
    let made = 0;
    const umap2d = createUmapClient(() => fakeWorker(log, made++ === 0));
    await expect(umap2d(Float32Array.of(1, 2), 1, 1, () => undefined)).rejects.toThrow(
      "The UMAP worker stopped (Uncaught SyntaxError: Unexpected token '<').",
    );
    expect(log.terminated).toBe(1);
    await expect(umap2d(Float32Array.of(1, 2), 1, 1, () => undefined)).resolves.toEqual(Float32Array.of(0, -0, 1, -1));
    expect(made).toBe(2);
  });

  it('cancelling terminates the worker (umap-js cannot stop mid-fit)', async () => {
    const log = { requests: [] as UmapRequest[], terminated: 0 };
    const umap2d = createUmapClient(() => fakeWorker(log, false));
    const controller = new AbortController();
    const pending = umap2d(Float32Array.of(1, 2), 1, 1, () => undefined, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(log.terminated).toBe(1);
  });
});
