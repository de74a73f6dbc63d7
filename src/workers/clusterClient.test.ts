import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { CancelledError, kmeans, silhouette } from '../cluster';
import type { KMeansProgress } from '../cluster';
import { ClusterClient } from './clusterClient';
import { InThreadClusterWorker } from './testing/clusterTestWorker';

function points(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal());
}

function fakePool() {
  const workers: InThreadClusterWorker[] = [];
  const createWorker = () => {
    const w = new InThreadClusterWorker();
    workers.push(w);
    return w;
  };
  return { workers, createWorker };
}

describe('ClusterClient', () => {
  it('splits restarts over the pool and returns exactly the single-thread result; data is transferred', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 2 });
    const data = points(500, 5, 1);
    const want = kmeans(data, 5, { k: 6, seed: 4, nInit: 3 });
    const events: KMeansProgress[] = [];
    const got = await client.kmeans(data, 5, { k: 6, seed: 4, nInit: 3, onProgress: (p) => events.push(p) });
    expect(data.byteLength).toBe(0); // transferred to the last worker, not copied
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.received.map((r) => r.type === 'kmeans' && r.runs))).toEqual([[[0, 2]], [[1]]]);
    expect(got.run).toBe(want.run);
    expect(Array.from(got.assignments)).toEqual(Array.from(want.assignments));
    expect(got.inertia).toBe(want.inertia);
    expect(new Set(events.filter((e) => e.kind === 'iteration').map((e) => e.run))).toEqual(new Set([0, 1, 2]));
  });

  it('one restart uses one worker; transfer: false keeps the caller’s array', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 4 });
    const data = points(200, 3, 2);
    await client.kmeans(data, 3, { k: 3, transfer: false });
    expect(workers).toHaveLength(1);
    expect(data.length).toBe(600);
  });

  it('shared memory goes to the worker as it is, neither transferred nor copied; same result', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 2 });
    const plain = points(300, 4, 5);
    const data = new Float32Array(new SharedArrayBuffer(plain.byteLength));
    data.set(plain);
    const got = await client.kmeans(data, 4, { k: 4, seed: 2, nInit: 2 });
    expect(data.length).toBe(1200); // not detached
    const sent = workers.map((w) => w.received[0]);
    expect(sent.map((r) => r?.type === 'kmeans' && r.data.buffer instanceof SharedArrayBuffer)).toEqual([false, true]);
    if (sent[1]?.type === 'kmeans') sent[1].data[0] = 7; // the last worker's view is the caller's memory
    expect(data[0]).toBe(7);
    const want = kmeans(plain, 4, { k: 4, seed: 2, nInit: 2 });
    expect(Array.from(got.assignments)).toEqual(Array.from(want.assignments));
    expect(got.inertia).toBe(want.inertia);
  });

  it('queues calls: one request at a time per worker, distinct ids', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 1 });
    const a = points(300, 4, 3);
    const b = points(300, 4, 4);
    const [ra, rb] = await Promise.all([
      client.kmeans(a.slice(), 4, { k: 4, seed: 1 }),
      client.kmeans(b.slice(), 4, { k: 5, seed: 1 }),
    ]);
    expect(Array.from(ra.assignments)).toEqual(Array.from(kmeans(a, 4, { k: 4, seed: 1 }).assignments));
    expect(Array.from(rb.assignments)).toEqual(Array.from(kmeans(b, 4, { k: 5, seed: 1 }).assignments));
    const ids = workers[0]!.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('cancels through an AbortSignal, rejecting with CancelledError, and serves the next call', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 2 });
    const controller = new AbortController();
    const long = client.kmeans(points(3000, 16, 5), 16, { k: 200, nInit: 20, tol: 0, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(long).rejects.toBeInstanceOf(CancelledError);
    expect(workers.every((w) => w.received.some((r) => r.type === 'cancel'))).toBe(true);
    const next = await client.kmeans(points(100, 2, 6), 2, { k: 2 });
    expect(next.assignments).toHaveLength(100);
  });

  it('falls back to the main thread without workers, with the same result', async () => {
    const client = new ClusterClient({ createWorker: null });
    expect(client.usesWorkers).toBe(false);
    const data = points(300, 4, 7);
    const got = await client.kmeans(data, 4, { k: 4, seed: 2, nInit: 2 });
    expect(Array.from(got.assignments)).toEqual(Array.from(kmeans(data, 4, { k: 4, seed: 2, nInit: 2 }).assignments));
    // Node has no global Worker: the default client falls back too
    expect(new ClusterClient().usesWorkers).toBe(typeof Worker !== 'undefined');
  });

  it('rejects when a worker reports an error', async () => {
    const { createWorker } = fakePool();
    const client = new ClusterClient({ createWorker });
    await expect(client.kmeans(new Float32Array(10), 3, { k: 2 })).rejects.toThrow(/multiple of dim/);
  });
  it('computes the silhouette on a pool worker, off the calling thread; one cluster rejects with the reason', async () => {
    const { workers, createWorker } = fakePool();
    const client = new ClusterClient({ createWorker, maxWorkers: 2 });
    const data = points(120, 4, 7);
    const labels = kmeans(data, 4, { k: 5, seed: 2 }).assignments;
    const got = await client.silhouette(data, 4, labels, { sampleSize: 80, seed: 3, metric: 'cosine' });
    expect(got).toBe(silhouette(data, 4, labels, { sampleSize: 80, seed: 3, metric: 'cosine' }));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received.map((r) => r.type)).toEqual(['silhouette']);
    expect(data.length).toBe(480); // copied, the caller keeps its points
    await expect(client.silhouette(data, 4, new Int32Array(120))).rejects.toThrow(/needs 2 ≤ clusters \(1\)/);
  });

  it('a worker that fails to load rejects its request with a clear message; the next request gets a fresh worker', async () => {
    const made: string[] = [];
    const createWorker = () => {
      const w = new InThreadClusterWorker();
      if (made.push(made.length === 0 ? 'broken' : 'working') === 1)
        w.postMessage = () =>
          void setTimeout(() => w.onerror?.({ message: 'Failed to fetch dynamically imported module' }), 0);
      return w;
    };
    const client = new ClusterClient({ createWorker, maxWorkers: 1 });
    const data = points(100, 2, 8);
    await expect(client.kmeans(data.slice(), 2, { k: 3, seed: 1 })).rejects.toThrow(
      'The cluster worker stopped (Failed to fetch dynamically imported module).',
    );
    const got = await client.kmeans(data.slice(), 2, { k: 3, seed: 1 });
    expect(made).toEqual(['broken', 'working']);
    expect(Array.from(got.assignments)).toEqual(Array.from(kmeans(data, 2, { k: 3, seed: 1 }).assignments));
  });
});
