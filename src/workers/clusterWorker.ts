/// <reference lib="webworker" />
/**
 * The clustering worker shell: k-means over 100,000 × 128 is seconds of CPU, so it runs here and the page stays
 * responsive. onmessage → cluster/ (via clusterHandler) → postMessage, results transferred. A lone restart's
 * nearest-centre search and seeding's pass are shared with helper workers (kernelHelperWorker.ts) on the other cores.
 */
import type { SharedKernelBind, SharedKernelHelper } from '../cluster';
import { createClusterHandler } from './clusterHandler';
import type { ClusterRequest, ClusterResponse } from './clusterProtocol';
import { serve } from './rpc';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Helper workers for a lone restart's nearest-centre search: one per further core (at most 3), only where the page
 * is cross-origin isolated (SharedArrayBuffer) and this worker can start workers.
 */
function helpers(): SharedKernelHelper[] {
  if (!scope.crossOriginIsolated || typeof Worker === 'undefined') return [];
  const count = Math.min(3, (scope.navigator.hardwareConcurrency || 1) - 1);
  return Array.from({ length: count }, () => {
    const worker = new Worker(new URL('./kernelHelperWorker.ts', import.meta.url), { type: 'module', name: 'cluster-helper' });
    return { post: (message: SharedKernelBind) => worker.postMessage(message) };
  });
}

serve<ClusterRequest, ClusterResponse>(
  createClusterHandler((message, transfer) => scope.postMessage(message, transfer), { helpers }),
);
