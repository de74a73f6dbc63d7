/**
 * The page's handle on clustering: k-means in module workers, with progress, cancel and a main-thread fallback.
 *
 * - One request at a time: calls queue behind each other; each worker message carries a request id.
 * - Restarts in parallel: `nInit` restarts are split over a pool of up to `maxWorkers` workers (restart r runs on
 *   worker r mod pool), each reporting its best; the client keeps the lowest inertia (ties: earliest restart), which
 *   is exactly the single-thread `kmeans` result. One restart uses one worker. Measured (bench/cluster.ts, Node
 *   worker_threads, 20,000 × 128, k = 100, nInit = 4, 2 cores shared with other jobs): 2 workers 1.17× faster than 1
 *   (6.3 s vs 7.4 s); it pays only when nInit > 1 and cores are free.
 * - Transfer, not copy: `data`'s buffer goes to the last worker of the pool (detached in the caller afterwards unless
 *   `transfer: false`); other pool workers get their own copy. Results come back transferred.
 * - No `Worker` (Node, old browsers): `kmeansAsync` on the calling thread, yielding between slices.
 */
import { CancelledError, kmeansAsync, pickBest, silhouette } from '../cluster';
import type { KMeansOptions, KMeansProgress, KMeansResult, SilhouetteOptions } from '../cluster';
import type { ClusterRequest, ClusterResponse, KMeansWireOptions } from './clusterProtocol';

/** What the client needs of a Worker; tests inject fakes. */
export interface WorkerLike {
  postMessage(message: ClusterRequest, transfer: Transferable[]): void;
  onmessage: ((event: { data: ClusterResponse }) => void) | null;
  onerror?: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

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

/** How often a plain `{ aborted }` signal is polled, in ms (an AbortSignal's event is used when present). */
const POLL_MS = 50;

function defaultCreateWorker(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('./clusterWorker.ts', import.meta.url), { type: 'module', name: 'cluster' }) as unknown as WorkerLike;
}

/** The replies that answer a request. */
type FinalReply = Extract<ClusterResponse, { type: 'result' | 'score' }>;

function resultOf(reply: FinalReply): KMeansResult {
  if (reply.type !== 'result') throw new Error('cluster worker answered k-means with a score');
  return reply.result;
}

interface Slot {
  worker: WorkerLike;
  /** Routes replies of the request in flight on this worker; ignored replies carry another id. */
  route?: { id: number; onMessage: (message: ClusterResponse) => void; onError: (message: string) => void };
}

export class ClusterClient {
  private readonly create: (() => WorkerLike) | null;
  private readonly maxWorkers: number;
  private readonly slots: Slot[] = [];
  private nextId = 1;
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
  silhouette(data: Float32Array, dim: number, labels: ArrayLike<number>, opts: SilhouetteOptions = {}): Promise<number> {
    const run = this.tail.then(async () => {
      if (this.create === null) return silhouette(data, dim, labels, opts);
      if (this.slots.length === 0) this.slots.push({ worker: this.spawn() });
      const request = { id: this.nextId++, type: 'silhouette', data: data.slice(), dim, labels: Int32Array.from(labels), options: opts } as const;
      const reply = await this.ask(this.slots[0] as Slot, request, [request.data.buffer, request.labels.buffer], undefined);
      if (reply.type !== 'score') throw new Error('cluster worker answered a silhouette with a k-means result');
      return reply.value;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Terminates the workers; pending requests never settle. */
  dispose(): void {
    for (const slot of this.slots) slot.worker.terminate();
    this.slots.length = 0;
  }

  private async run(data: Float32Array, dim: number, opts: ClusterKMeansOptions): Promise<KMeansResult> {
    const { onProgress, signal, transfer = true, ...rest } = opts;
    if (signal?.aborted) throw new CancelledError();
    if (this.create === null) return kmeansAsync(data, dim, opts);
    const options: KMeansWireOptions = rest;
    const nInit = options.nInit ?? 1;
    const pool = Math.min(this.maxWorkers, nInit);
    while (this.slots.length < pool) this.slots.push({ worker: this.spawn() });
    const id = this.nextId++;
    const used = this.slots.slice(0, pool);
    const cancelAll = (): void => used.forEach((slot) => slot.worker.postMessage({ id, type: 'cancel' }, []));
    const abortable = signal as (typeof signal & Partial<Pick<AbortSignal, 'addEventListener' | 'removeEventListener'>>) | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    if (abortable?.addEventListener) abortable.addEventListener('abort', cancelAll, { once: true });
    else if (signal) poll = setInterval(() => signal.aborted && cancelAll(), POLL_MS);
    try {
      const replies = await Promise.allSettled(
        used.map((slot, w) => {
          const runs = Array.from({ length: nInit }, (_, r) => r).filter((r) => r % pool === w);
          const last = w === pool - 1;
          const payload = last && transfer ? data : data.slice();
          return this.ask(slot, { id, type: 'kmeans', data: payload, dim, options, runs }, [payload.buffer], onProgress);
        }),
      );
      const failed = replies.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        if (!(failed.reason instanceof CancelledError)) cancelAll();
        throw failed.reason;
      }
      return pickBest(replies.map((r) => resultOf((r as PromiseFulfilledResult<FinalReply>).value)));
    } finally {
      if (poll !== undefined) clearInterval(poll);
      abortable?.removeEventListener?.('abort', cancelAll);
    }
  }

  private spawn(): WorkerLike {
    const create = this.create;
    if (create === null) throw new Error('cluster client: no workers');
    const worker = create();
    const slot = (): Slot | undefined => this.slots.find((s) => s.worker === worker);
    worker.onmessage = (event) => {
      const route = slot()?.route;
      if (route && event.data.id === route.id) route.onMessage(event.data);
    };
    worker.onerror = (event) => {
      // a crashed worker is dropped; the next request spawns a fresh one
      const failed = slot();
      worker.terminate();
      if (failed) this.slots.splice(this.slots.indexOf(failed), 1);
      failed?.route?.onError(event.message ?? 'cluster worker failed');
    };
    return worker;
  }

  /** Sends one request to one worker; resolves with its result or score, rejects on cancelled / error. */
  private ask(
    slot: Slot,
    request: ClusterRequest,
    transfer: Transferable[],
    onProgress: ((p: KMeansProgress) => void) | undefined,
  ): Promise<FinalReply> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        slot.route = undefined;
      };
      slot.route = {
        id: request.id,
        onMessage: (message) => {
          switch (message.type) {
            case 'progress':
              onProgress?.(message.progress);
              return;
            case 'result':
            case 'score':
              done();
              resolve(message);
              return;
            case 'cancelled':
              done();
              reject(new CancelledError());
              return;
            case 'error':
              done();
              reject(new Error(message.message));
              return;
          }
        },
        onError: (message) => {
          done();
          reject(new Error(message));
        },
      };
      slot.worker.postMessage(request, transfer);
    });
  }
}
