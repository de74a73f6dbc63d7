/**
 * One typed RPC between the page and a module worker, used by every client in workers/ (excalidraw's main / worker
 * split). Each request carries an id and gets exactly one final reply with that id, after any number of
 * `progress` replies; an `error` reply rejects the call, a `cancelled` one rejects it with the client's cancel
 * error. Messages with id 0 are events that answer no request. Big arrays cross as transferables.
 *
 * A worker that errors (it failed to load, threw, or sent a message that cannot be read) answers nothing more: its
 * pending calls are rejected with a message that says so, the worker is terminated, and later calls either fail
 * with the same message or, with `restart`, go to a fresh worker. A call may be cancelled through an abort signal:
 * by a cancel message the worker understands, or else by terminating the worker.
 */
import { errorText } from '../common/errorText';
import { retire } from './retire';

/** What every message of a protocol carries: the id of the request it answers (0: none) and its kind. */
export interface RpcMessage {
  id: number;
  type: string;
}

/** The reply a worker shell sends when its handler throws; every protocol includes it. */
export interface ErrorReply {
  id: number;
  type: 'error';
  message: string;
}

/** What a client needs of a Worker; tests inject fakes. */
export interface WorkerLike<Req, Res> {
  postMessage(message: Req, transfer?: Transferable[]): void;
  onmessage: ((event: { data: Res }) => void) | null;
  onerror?: ((event: { message?: string; preventDefault?(): void }) => void) | null;
  onmessageerror?: ((event: unknown) => void) | null;
  terminate(): void;
}

/** An AbortSignal, or a plain `{ aborted }` flag (polled). */
export type SignalLike = { readonly aborted: boolean } & Partial<
  Pick<AbortSignal, 'addEventListener' | 'removeEventListener'>
>;

/** A request without its id: the RPC numbers it. Distributes over the union. */
export type RequestBody<Req> = Req extends unknown ? Omit<Req, 'id'> : never;
type Progress<Res> = Extract<Res, { type: 'progress' }>;
/** The replies that settle a call successfully. */
export type FinalReply<Res> = Exclude<Res, { type: 'progress' | 'error' | 'cancelled' }>;

export interface RpcOptions<Req, Res> {
  /** Makes the worker (on first call, and after a failure when `restart`). */
  create: () => WorkerLike<Req, Res>;
  /** Named in every failure message: "The <name> worker stopped (…)". */
  name: string;
  /** Said after the failure, e.g. what the user can do. */
  advice?: string;
  /** After a failure the next call starts a fresh worker (default true); false: every later call fails. */
  restart?: boolean;
  /** The message that asks the worker to stop request `id`; without it, cancelling terminates the worker. */
  cancelMessage?: (id: number) => Req;
  /** The error a cancelled call rejects with (default a DOMException named AbortError). */
  cancelled?: () => Error;
}

export interface CallOptions<Res> {
  /** Buffers handed to the worker instead of copied (detached in the caller afterwards). */
  transfer?: Transferable[];
  onProgress?: (reply: Progress<Res>) => void;
  signal?: SignalLike;
  /** No final reply within this time means the worker is stuck: it is declared stopped (e.g. on init). */
  timeoutMs?: number;
}

/** How often a plain `{ aborted }` flag is polled, in ms (an AbortSignal's event is used when present). */
const POLL_MS = 50;

/** Runs `onAbort` once when `signal` aborts; returns the function that stops watching. */
export function whenAborted(signal: SignalLike | undefined, onAbort: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.addEventListener) {
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener?.('abort', onAbort);
  }
  const poll = setInterval(() => {
    if (!signal.aborted) return;
    clearInterval(poll);
    onAbort();
  }, POLL_MS);
  return () => clearInterval(poll);
}

interface Pending<Res> {
  resolve: (reply: FinalReply<Res>) => void;
  reject: (error: Error) => void;
  onProgress?: (reply: Progress<Res>) => void;
  /** Stops the timers and signal watchers of the call. */
  release: () => void;
}

export class RpcClient<Req extends RpcMessage, Res extends RpcMessage> {
  private worker: WorkerLike<Req, Res> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Res>>();
  private readonly listeners = new Set<(event: Extract<Res, { id: 0 }>) => void>();
  /** Why the worker stopped, when it has and no fresh one may start: every call after that fails with it. */
  private failure: Error | null = null;

  constructor(private readonly options: RpcOptions<Req, Res>) {}

  /** Calls in flight on this worker. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Subscribes to events (messages with id 0); returns the unsubscribe function. */
  onEvent(listener: (event: Extract<Res, { id: 0 }>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the worker now instead of on the first call (so it loads while the page does other work). */
  start(): void {
    if (!this.failure) this.spawn();
  }

  /** Sends `body` with a fresh id; resolves with its final reply. */
  call(body: RequestBody<Req>, options: CallOptions<Res> = {}): Promise<FinalReply<Res>> {
    if (this.failure) return Promise.reject(this.failure);
    if (options.signal?.aborted) return Promise.reject(this.cancelError());
    const worker = this.spawn();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const stopWatching = whenAborted(options.signal, () => {
        const { cancelMessage } = this.options;
        if (cancelMessage) return worker.postMessage(cancelMessage(id), []);
        // No cancel message: the worker goes, and with it the calls it held; the next call starts a fresh one.
        this.settle(id)?.reject(this.cancelError());
        if (this.worker === worker)
          this.stop(new Error(`The ${this.options.name} worker was stopped to cancel another request.`));
      });
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              const ms = options.timeoutMs ?? 0;
              this.fail(
                `it did not answer '${body.type}' within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`,
              );
            }, options.timeoutMs);
      const release = () => {
        stopWatching();
        clearTimeout(timer);
      };
      this.pending.set(id, { resolve, reject, onProgress: options.onProgress, release });
      try {
        worker.postMessage({ ...body, id } as Req, options.transfer ?? []);
      } catch (error) {
        // A request that cannot be cloned (a DataCloneError) never reached the worker: only this call fails.
        this.settle(id);
        reject(error);
      }
    });
  }

  /** `call`, checking that the final reply is of kind `type`. */
  async ask<K extends FinalReply<Res>['type']>(
    body: RequestBody<Req>,
    type: K,
    options?: CallOptions<Res>,
  ): Promise<Extract<FinalReply<Res>, { type: K }>> {
    const reply = await this.call(body, options);
    if (reply.type !== type)
      throw new Error(`The ${this.options.name} worker answered '${body.type}' with '${reply.type}'.`);
    return reply as Extract<FinalReply<Res>, { type: K }>;
  }

  /** Terminates the worker; pending and later calls reject with `error` (default: it was closed). */
  close(error = new Error(`The ${this.options.name} worker was closed.`)): void {
    this.failure = error;
    this.stop(error);
  }

  private spawn(): WorkerLike<Req, Res> {
    if (this.worker) return this.worker;
    const worker = this.options.create();
    this.worker = worker;
    worker.onmessage = (event) => {
      if (this.worker === worker) this.receive(event.data);
    };
    // A worker that fails to load (a missing chunk, a blocked script) or crashes answers nothing: without this its
    // callers would wait forever ("Starting TensorFlow.js…").
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker === worker) this.fail(event.message || 'it could not be loaded');
    };
    worker.onmessageerror = () => {
      if (this.worker === worker) this.fail('a message from it could not be read');
    };
    return worker;
  }

  private receive(reply: Res): void {
    if (reply.id === 0) {
      for (const listener of this.listeners) listener(reply as Extract<Res, { id: 0 }>);
      return;
    }
    if (reply.type === 'progress') {
      this.pending.get(reply.id)?.onProgress?.(reply as Progress<Res>);
      return;
    }
    const call = this.settle(reply.id);
    if (!call) return;
    if (reply.type === 'error') call.reject(new Error((reply as unknown as ErrorReply).message));
    else if (reply.type === 'cancelled') call.reject(this.cancelError());
    else call.resolve(reply as FinalReply<Res>);
  }

  /** The worker stopped answering: reject everything with a message that says why. */
  private fail(detail: string): void {
    const { name, advice, restart = true } = this.options;
    const error = new Error(`The ${name} worker stopped (${detail}).${advice ? ` ${advice}` : ''}`);
    if (!restart) this.failure = error;
    this.stop(error);
  }

  private cancelError(): Error {
    return this.options.cancelled?.() ?? new DOMException('cancelled', 'AbortError');
  }

  /** Removes call `id` from the pending ones and stops its timer and watchers. */
  private settle(id: number): Pending<Res> | undefined {
    const call = this.pending.get(id);
    this.pending.delete(id);
    call?.release();
    return call;
  }

  /** Terminates the worker and rejects its pending calls; the next call may start another unless `failure`. */
  private stop(error: Error): void {
    const worker = this.worker;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      retire(worker);
    }
    this.worker = null;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      call.release();
      call.reject(error);
    }
  }
}

/** What a worker shell needs of its global scope. */
export interface WorkerScopeLike<Req, Res> {
  onmessage: ((event: { data: Req }) => unknown) | null;
  postMessage(message: Res, transfer: Transferable[]): void;
}

export interface ServeOptions<Req, Res> {
  /** The buffers of a reply to hand over instead of copying. */
  transfer?: (reply: Res) => Transferable[];
  /** The reply to a request whose handler threw (default an `error` reply with the thrown message). */
  failed?: (request: Req, error: unknown) => Res;
}

/**
 * The worker side: each request goes to `handle`; what it returns (if anything) is posted as the reply, and what it
 * throws as an `error` reply, so the page always hears back. `handle` may post progress or its own replies through
 * `post`. `scope` is the worker's global scope (a fake in tests).
 */
export function serve<Req extends RpcMessage, Res extends RpcMessage>(
  handle: (request: Req, post: (reply: Res, transfer?: Transferable[]) => void) => Promise<Res | void> | Res | void,
  options: ServeOptions<Req, Res> = {},
  scope: WorkerScopeLike<Req, Res> = self as unknown as WorkerScopeLike<Req, Res>,
): void {
  const post = (reply: Res, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);
  const failed =
    options.failed ??
    ((request: Req, error: unknown) =>
      ({ id: request.id, type: 'error', message: errorText(error) }) as ErrorReply as unknown as Res);
  scope.onmessage = async (event) => {
    const request = event.data;
    try {
      const reply = await handle(request, post);
      if (reply) post(reply, options.transfer?.(reply) ?? []);
    } catch (error) {
      post(failed(request, error));
    }
  };
}
