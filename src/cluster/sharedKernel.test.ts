import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { kmeans } from './kmeans';
import { kmeansPlusPlus } from './kmeansPlusPlus';
import { sharedKernel } from './sharedKernel';
import type { SharedKernelBind, SharedKernelHelper } from './sharedKernel';
import { simdKernel } from './simdKernel';
import { gaussianBlobs } from './testData';
import { rowNormsSquared } from './vectors';

/** A worker_threads helper that loads the TypeScript modules through tsx and serves every bind it gets. */
function nodeHelper(): { worker: Worker; helper: SharedKernelHelper; ready: Promise<unknown> } {
  const sharedUrl = JSON.stringify(new URL('./sharedKernel.ts', import.meta.url).href);
  const simdUrl = JSON.stringify(new URL('./simdKernel.ts', import.meta.url).href);
  const boot = `
    const { parentPort } = await import('node:worker_threads');
    (await import('tsx/esm/api')).register();
    const { serveSharedKernel } = await import(${sharedUrl});
    const { simdKernel } = await import(${simdUrl});
    parentPort.on('message', (bind) => serveSharedKernel(bind, simdKernel(bind.dim)));
    parentPort.postMessage('ready');`;
  const worker = new Worker(`(async () => {${boot}})()`, { eval: true });
  const ready = new Promise((resolve) => worker.once('message', resolve));
  return { worker, ready, helper: { post: (m: SharedKernelBind) => worker.postMessage(m) } };
}

function drain<T>(gen: Generator<unknown, T, void>): T {
  for (;;) {
    const s = gen.next();
    if (s.done) return s.value;
  }
}

describe('sharedKernel', () => {
  const dim = 128;
  const { data } = gaussianBlobs(3000, dim, 12, { seed: 5, box: 1, std: 1 });
  const norms = rowNormsSquared(data, dim);
  const opts = { k: 20, seed: 3, maxIter: 40, tol: 0 };
  const reference = kmeans(data, dim, { ...opts, kernel: simdKernel(dim) });
  // k-means++ alone, at a k where many steps have thousands of open rows (jobs of many blocks)
  const seeds = (kernel: ReturnType<typeof simdKernel>) => drain(kmeansPlusPlus(data, dim, norms, 60, createRng(7), 6, kernel));
  const referenceSeeds = seeds(simdKernel(dim));
  const workers: Worker[] = [];
  afterAll(() => workers.forEach((w) => void w.terminate()));

  it('seeding: the same centres as one thread, with a helper that never answers', () => {
    const kernel = sharedKernel(simdKernel(dim)!, [{ post: () => undefined }]);
    expect(Array.from(seeds(kernel))).toEqual(Array.from(referenceSeeds));
    kernel.dispose();
    expect(kernel.rows.total).toBeGreaterThan(0);
    expect(kernel.rows.helpers).toBe(0);
  });

  it('seeding with a helper thread: the same centres as one thread, k-means++ and k-means‖', async () => {
    const { worker, helper, ready } = nodeHelper();
    workers.push(worker);
    await ready;
    const kernel = sharedKernel(simdKernel(dim)!, [helper]);
    for (let rep = 0; rep < 2; rep++) expect(Array.from(seeds(kernel))).toEqual(Array.from(referenceSeeds));
    const parallel = { ...opts, k: 40, init: 'k-means||' as const, maxIter: 5 };
    const one = kmeans(data, dim, { ...parallel, kernel: simdKernel(dim) });
    const shared = kmeans(data, dim, { ...parallel, kernel });
    expect(Array.from(shared.centroids)).toEqual(Array.from(one.centroids));
    expect(shared.inertia).toBe(one.inertia);
    kernel.dispose();
    expect(kernel.rows.total).toBeGreaterThan(0);
  }, 30_000);

  it('a helper that never answers leaves every block to the caller, same result', () => {
    const posted: SharedKernelBind[] = [];
    const kernel = sharedKernel(simdKernel(dim)!, [{ post: (m) => posted.push(m) }]);
    const r = kmeans(data, dim, { ...opts, kernel });
    kernel.dispose();
    expect(posted.length).toBeGreaterThan(0);
    expect(kernel.rows.total).toBeGreaterThan(0);
    expect(kernel.rows.helpers).toBe(0);
    expect(Array.from(r.assignments)).toEqual(Array.from(reference.assignments));
    expect(Array.from(r.centroids)).toEqual(Array.from(reference.centroids));
    expect(r.inertia).toBe(reference.inertia);
  });

  it('with a helper thread: the same assignments, centroids and inertia as one thread', async () => {
    const { worker, helper, ready } = nodeHelper();
    workers.push(worker);
    await ready;
    const kernel = sharedKernel(simdKernel(dim)!, [helper]);
    for (let rep = 0; rep < 2; rep++) {
      const r = kmeans(data, dim, { ...opts, kernel });
      expect(Array.from(r.assignments)).toEqual(Array.from(reference.assignments));
      expect(Array.from(r.centroids)).toEqual(Array.from(reference.centroids));
      expect(r.inertia).toBe(reference.inertia);
      expect(r.iterations).toBe(reference.iterations);
    }
    kernel.dispose();
    // the helper's share depends on how soon its thread gets a core (not asserted: the machine may be loaded)
    expect(kernel.rows.total).toBeGreaterThan(0);
  }, 30_000);

  it('without helpers it is the inner kernel', () => {
    const inner = simdKernel(dim)!;
    const kernel = sharedKernel(inner, []);
    expect(kernel.name).toBe(inner.name);
    expect(() => kernel.dispose()).not.toThrow();
  });
});
