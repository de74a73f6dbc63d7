/**
 * The message logic of the clustering worker, apart from the worker so Node tests can drive it: requests in,
 * replies out through `post`. k-means runs with `kmeansAsync`, which yields to the event loop every few ms, so a
 * `cancel` message is received while a run is in progress. Distances run on the WebAssembly SIMD kernel; when the
 * request is the only restart of its run (so no other pool worker is busy) and the worker was given helpers, the
 * nearest-centre search and k-means++ seeding's pass are shared with them (sharedKernel: helper workers over
 * SharedArrayBuffers).
 */
import { assertNever } from '../common/assert';
import { isCancelled, kmeansAsync, sharedKernel, silhouette, simdKernel } from '../cluster';
import type { DistanceKernel, SharedKernelHelper } from '../cluster';
import type { ClusterRequest, PostClusterResponse } from './clusterProtocol';
import { errorText } from '../common/errorText';

/** Longest compute slice between two looks at the message queue, in ms. */
const SLICE_MS = 25;

/**
 * @returns `handle(request)`, resolving once the request is answered (for `kmeans`: after its final reply).
 */
export function createClusterHandler(
  post: PostClusterResponse,
  opts: { helpers?: () => SharedKernelHelper[] } = {},
): (request: ClusterRequest) => Promise<void> {
  let current: { id: number; signal: { aborted: boolean } } | undefined;
  let helpers: SharedKernelHelper[] | undefined; // made on the first request that can use them, then kept

  /** The SIMD kernel (undefined where SIMD is missing), on the helpers too for a lone restart. */
  function kernelFor(request: Extract<ClusterRequest, { type: 'kmeans' }>): (DistanceKernel & { dispose?(): void }) | undefined {
    const simd = simdKernel(request.dim);
    const lone = (request.options.nInit ?? 1) === 1 && (request.runs?.length ?? 1) === 1;
    if (!simd || !lone || !opts.helpers) return simd;
    helpers ??= opts.helpers();
    return sharedKernel(simd, helpers);
  }
  return async (request) => {
    switch (request.type) {
      case 'cancel':
        if (current?.id === request.id) current.signal.aborted = true;
        return;
      case 'kmeans': {
        const { id } = request;
        if (current) {
          post({ id, type: 'error', message: `cluster worker busy with request ${current.id}` }, []);
          return;
        }
        const signal = { aborted: false };
        current = { id, signal };
        const kernel = kernelFor(request);
        try {
          const result = await kmeansAsync(request.data, request.dim, {
            ...request.options,
            runs: request.runs,
            // WebAssembly SIMD products (≈ 5× the blocked TypeScript kernel); the default kernel where SIMD is missing
            kernel,
            signal,
            sliceMs: SLICE_MS,
            onProgress: (progress) => post({ id, type: 'progress', progress }, []),
          });
          post({ id, type: 'result', result }, [result.centroids.buffer, result.assignments.buffer]);
        } catch (error) {
          if (isCancelled(error)) post({ id, type: 'cancelled' }, []);
          else post({ id, type: 'error', message: errorText(error) }, []);
        } finally {
          kernel?.dispose?.();
          current = undefined;
        }
        return;
      }
      case 'silhouette': {
        // O(m² · dim) for a sample of m: milliseconds here, but a long task on a busy page thread
        const { id, data, dim, labels, options } = request;
        try {
          post({ id, type: 'score', value: silhouette(data, dim, labels, options) }, []);
        } catch (error) {
          post({ id, type: 'error', message: errorText(error) }, []);
        }
        return;
      }
      default:
        assertNever(request);
    }
  };
}
