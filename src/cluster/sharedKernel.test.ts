import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { kmeans } from './kmeans';
import { sharedKernel } from './sharedKernel';
import type { SharedKernelBind, SharedKernelHelper } from './sharedKernel';
import { simdKernel } from './simdKernel';
import { gaussianBlobs } from './testData';

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

describe('sharedKernel', () => {
  const dim = 128;
  const { data } = gaussianBlobs(3000, dim, 12, { seed: 5, box: 1, std: 1 });
  const opts = { k: 20, seed: 3, maxIter: 40, tol: 0 };
  const reference = kmeans(data, dim, { ...opts, kernel: simdKernel(dim) });
  const workers: Worker[] = [];
  afterAll(() => workers.forEach((w) => void w.terminate()));

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
