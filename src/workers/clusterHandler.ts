/**
 * The message logic of the clustering worker, apart from the worker so Node tests can drive it: requests in,
 * replies out through `post`. k-means runs with `kmeansAsync`, which yields to the event loop every few ms, so a
 * `cancel` message is received while a run is in progress. Distances run on the WebAssembly SIMD kernel.
 */
import { assertNever } from '../common/assert';
import { isCancelled, kmeansAsync, silhouette, simdKernel } from '../cluster';
import type { ClusterRequest, PostClusterResponse } from './clusterProtocol';
import { errorText } from '../common/errorText';

/** Longest compute slice between two looks at the message queue, in ms. */
const SLICE_MS = 25;

/**
 * @returns `handle(request)`, resolving once the request is answered (for `kmeans`: after its final reply).
 */
export function createClusterHandler(post: PostClusterResponse): (request: ClusterRequest) => Promise<void> {
  let current: { id: number; signal: { aborted: boolean } } | undefined;
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
        try {
          const result = await kmeansAsync(request.data, request.dim, {
            ...request.options,
            runs: request.runs,
            // WebAssembly SIMD products (≈ 5× the blocked TypeScript kernel); the default kernel where SIMD is missing
            kernel: simdKernel(request.dim),
            signal,
            sliceMs: SLICE_MS,
            onProgress: (progress) => post({ id, type: 'progress', progress }, []),
          });
          post({ id, type: 'result', result }, [result.centroids.buffer, result.assignments.buffer]);
        } catch (error) {
          if (isCancelled(error)) post({ id, type: 'cancelled' }, []);
          else post({ id, type: 'error', message: errorText(error) }, []);
        } finally {
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
