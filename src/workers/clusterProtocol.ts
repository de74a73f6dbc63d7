/**
 * Messages between the page and a clustering worker: typed unions with a request id. A worker serves one `kmeans`
 * request at a time (a second is answered `error`); `cancel` names the id of the request to stop. Every `kmeans`
 * request gets exactly one final reply — `result`, `cancelled` or `error` — after any number of `progress`; every
 * `silhouette` request one `score` or `error`.
 * Big arrays cross as transferables: the request's `data`, the result's `centroids` and `assignments`.
 */
import type { KMeansOptions, KMeansProgress, KMeansResult, SilhouetteOptions } from '../cluster';

/** k-means options that can cross a thread boundary (no callbacks, no signal). */
export type KMeansWireOptions = Omit<KMeansOptions, 'onProgress' | 'signal'>;

export type ClusterRequest =
  | {
      id: number;
      type: 'kmeans';
      /** [n × dim] row-major points. */
      data: Float32Array;
      dim: number;
      options: KMeansWireOptions;
      /** Restarts to run here (indices in [0, nInit)); a pool splits them across workers. Default all. */
      runs?: number[];
    }
  | {
      id: number;
      type: 'silhouette';
      /** [n × dim] row-major points and their cluster labels. */
      data: Float32Array;
      dim: number;
      labels: Int32Array;
      options: SilhouetteOptions;
    }
  | { id: number; type: 'cancel' };

export type ClusterResponse =
  | { id: number; type: 'progress'; progress: KMeansProgress }
  | { id: number; type: 'result'; result: KMeansResult }
  | { id: number; type: 'score'; value: number }
  | { id: number; type: 'cancelled' }
  | { id: number; type: 'error'; message: string };

/** How a handler replies: `postMessage` of a worker scope, or a test's collector. */
export type PostClusterResponse = (message: ClusterResponse, transfer: Transferable[]) => void;
