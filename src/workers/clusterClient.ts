/**
 * The page's handle on clustering: k-means in module workers, with progress, cancel and a main-thread fallback.
 *
 * - One request at a time: calls queue behind each other; each worker message carries a request id.
 * - Restarts in parallel: `nInit` restarts are split over a pool of up to `maxWorkers` workers (restart r runs on
 *   worker r mod pool), each reporting its best; the client keeps the lowest inertia (ties: earliest restart), which
 *   is exactly the single-thread `kmeans` result. Measured (bench/cluster.ts, Node worker_threads, 20,000 × 128,
 *   k = 100, nInit = 4, 2 cores shared with other jobs): 2 workers 1.17× faster than 1 (6.3 s vs 7.4 s); it pays
 *   only when nInit > 1 and cores are free. One restart runs on one pool worker, which shares its nearest-centre
 *   search with helper workers on the other cores where the page is cross-origin isolated (clusterWorker.ts).
 * - Transfer, not copy: `data`'s buffer goes to the last worker of the pool (detached in the caller afterwards unless
 *   `transfer: false`); other pool workers get their own copy. Results come back transferred. A SharedArrayBuffer-
 *   backed `data` is shared with the last worker as it is (not detached), and its helpers use it without a copy
 *   (10^6 × 128: 0.5 GB less).
 * - No `Worker` (Node, old browsers): `kmeansAsync` on the calling thread, yielding between slices.
 */
import { CancelledError, kmeansAsync, pickBest, silhouette } from '../cluster';
import type { KMeansOptions, KMeansResult, SilhouetteOptions } from '../cluster';
import type { ClusterRequest, ClusterResponse, KMeansWireOptions } from './clusterProtocol';
import { RpcClient, whenAborted, type WorkerLike as RpcWorkerLike } from './rpc';

/** What the client needs of a Worker; tests inject fakes. */
export type WorkerLike = RpcWorkerLike<ClusterRequest, ClusterResponse>;

export interface ClusterClientOptions {
  /** Most workers in the pool (default: hardware threads, at most 4). */
  maxWorkers?: number;
  /** Makes a worker; default the Vite module worker. `null`: never use workers (main-thread fallback). */
  createWorker?: (() => WorkerLike) | null;
}

export interface ClusterKMeansOptions extends KMeansOptions {
  /** Transfer `data`'s buffer to a worker instead of copying it (default true; the caller's array is detached). */
  transfer?: boolean;
}

function isShared(data: Float32Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer;
}

function defaultCreateWorker(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('./clusterWorker.ts', import.meta.url), {
      type: 'module',
      name: 'cluster',
    }) as unknown as WorkerLike;
}

export class ClusterClient {
  private readonly create: (() => WorkerLike) | null;
  private readonly maxWorkers: number;
  /** One RPC per pool worker; a crashed worker is dropped by its RPC and the next request starts a fresh one. */
  private readonly pool: RpcClient<ClusterRequest, ClusterResponse>[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(opts: ClusterClientOptions = {}) {
    this.create = opts.createWorker === undefined ? defaultCreateWorker() : opts.createWorker;
    const threads = globalThis.navigator?.hardwareConcurrency ?? 2;
    this.maxWorkers = Math.max(1, opts.maxWorkers ?? Math.min(4, threads));
  }

  /** True when runs go to workers, false on the main-thread fallback. */
  get usesWorkers(): boolean {
    return this.create !== null;
  }

  /**
   * k-means of `data` ([n × dim] row-major) off the main thread. Resolves as `kmeans` would; rejects with
   * `CancelledError` when `opts.signal` aborts. Queued behind any earlier call.
   */
  kmeans(data: Float32Array, dim: number, opts: ClusterKMeansOptions): Promise<KMeansResult> {
    const run = this.tail.then(() => this.run(data, dim, opts));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * The mean silhouette of `labels` over `data` (`silhouette` of cluster/), on the first pool worker. `data` and
   * `labels` are copied; rejects where `silhouette` throws (fewer than two clusters in the sample). Queued like
   * `kmeans`.
   */
  silhouette(
    data: Float32Array,
    dim: number,
    labels: ArrayLike<number>,
    opts: SilhouetteOptions = {},
  ): Promise<number> {
    const run = this.tail.then(async () => {
      if (this.create === null) return silhouette(data, dim, labels, opts);
      const request = {
        type: 'silhouette',
        data: data.slice(),
        dim,
        labels: Int32Array.from(labels),
        options: opts,
      } as const;
      const reply = await this.workers(1)[0]!.ask(request, 'score', {
        transfer: [request.data.buffer, request.labels.buffer],
      });
      return reply.value;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Terminates the workers; pending requests reject. */
  dispose(): void {
    for (const rpc of this.pool) rpc.close();
    this.pool.length = 0;
  }

  /** The first `count` pool workers, made as needed. */
  private workers(count: number): RpcClient<ClusterRequest, ClusterResponse>[] {
    const create = this.create;
    if (create === null) throw new Error('cluster client: no workers');
    while (this.pool.length < count)
      this.pool.push(
        new RpcClient<ClusterRequest, ClusterResponse>({
          create,
          name: 'cluster',
          cancelMessage: (id) => ({ id, type: 'cancel' }),
          cancelled: () => new CancelledError(),
        }),
      );
    return this.pool.slice(0, count);
  }

  private async run(data: Float32Array, dim: number, opts: ClusterKMeansOptions): Promise<KMeansResult> {
    const { onProgress, signal, transfer = true, ...rest } = opts;
    if (signal?.aborted) throw new CancelledError();
    if (this.create === null) return kmeansAsync(data, dim, opts);
    const options: KMeansWireOptions = rest;
    const nInit = options.nInit ?? 1;
    const pool = this.workers(Math.min(this.maxWorkers, nInit));
    // The caller's signal, or one worker's failure, cancels the restarts on the others.
    const stop = new AbortController();
    const unwatch = whenAborted(signal, () => stop.abort());
    try {
      const replies = await Promise.allSettled(
        pool.map((rpc, w) => {
          const runs = Array.from({ length: nInit }, (_, r) => r).filter((r) => r % pool.length === w);
          const last = w === pool.length - 1;
          // shared memory is neither copied nor transferred (it cannot be): the worker's view is the same memory
          const payload = last && (transfer || isShared(data)) ? data : data.slice();
          return rpc.ask({ type: 'kmeans', data: payload, dim, options, runs }, 'result', {
            transfer: isShared(payload) ? [] : [payload.buffer],
            signal: stop.signal,
            onProgress: (reply) => onProgress?.(reply.progress),
          });
        }),
      );
      const failed = replies.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        if (!(failed.reason instanceof CancelledError)) stop.abort();
        throw failed.reason;
      }
      return pickBest(replies.map((r) => (r as PromiseFulfilledResult<{ result: KMeansResult }>).value.result));
    } finally {
      unwatch();
    }
  }
}
