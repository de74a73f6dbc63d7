/// <reference lib="webworker" />
/**
 * A helper of the clustering worker (started by it, see clusterWorker.ts): serves the blocks of `sharedKernel`'s jobs
 * (the nearest-centre search, k-means++ seeding's pass) with its own SIMD kernel, over the SharedArrayBuffers each `bind` message brings. It blocks in
 * Atomics.wait between blocks, and returns to its message loop when the clustering worker stops the bind.
 */
import { serveSharedKernel, simdKernel } from '../cluster';
import type { SharedKernelBind } from '../cluster';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<SharedKernelBind>) => {
  const kernel = simdKernel(event.data.dim);
  if (kernel) serveSharedKernel(event.data, kernel);
};
