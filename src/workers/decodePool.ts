/**
 * A pool of decode workers (navigator.hardwareConcurrency by default) behind the ImageProcessor interface. Files
 * queue here and go to the least busy worker with room (`depth` files each); a worker that crashes (e.g. out of
 * memory on a decode bomb) fails only the files it held and is replaced. Aborting drops the queued files; in-flight
 * ones finish and are ignored by the import. Each worker is one RPC (rpc.ts).
 */
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import type { ImageSpec } from '../data/imageSpec';
import type { ImageProcessor } from '../data/importPipeline';
import type { ProcessOutcome } from '../data/processImage';
import { RpcClient, type WorkerLike as RpcWorkerLike } from './rpc';

/** The part of Worker the pool uses, so tests can run it with in-process fakes. */
export type WorkerLike = RpcWorkerLike<DecodeRequest, DecodeResponse>;

export interface DecodePool extends ImageProcessor {
  readonly size: number;
  terminate(): void;
}

interface Task {
  body: Omit<DecodeRequest, 'id'>;
  resolve: (o: ProcessOutcome) => void;
  reject: (e: Error) => void;
  /** Removes the task's abort listener once it leaves the queue (else every file of an import leaves one). */
  detach: () => void;
}

/**
 * `size` workers made by `createWorker`, each holding up to `depth` files; `name` is said in failure messages
 * ("The decode worker stopped (…)").
 */
export function createWorkerPool(
  createWorker: () => WorkerLike,
  size: number,
  depth: number,
  name: string,
): DecodePool {
  const queue: Task[] = [];
  const slots = Array.from(
    { length: size },
    () => new RpcClient<DecodeRequest, DecodeResponse>({ create: createWorker, name }),
  );
  const closed = new Error(`${name} pool terminated`);
  let open = true;

  const pump = (): void => {
    for (;;) {
      // The least busy worker with room, so files spread evenly (the first idle one when depth is 1).
      let best: RpcClient<DecodeRequest, DecodeResponse> | undefined;
      for (const slot of slots) if (slot.inFlight < depth && (!best || slot.inFlight < best.inFlight)) best = slot;
      const task = best && queue.shift();
      if (!best || !task) return;
      task.detach();
      const slot = best;
      slot
        .ask(task.body, 'result')
        .then((reply) => task.resolve(reply.outcome), task.reject)
        .finally(() => {
          if (!open) return;
          slot.start(); // a crashed worker is replaced at once, so it loads while the others work
          pump();
        });
    }
  };
  for (const slot of slots) slot.start();

  return {
    size,
    process(file: Blob, name: string, spec: ImageSpec, signal?: AbortSignal): Promise<ProcessOutcome> {
      if (!open) return Promise.reject(closed);
      return new Promise<ProcessOutcome>((resolve, reject) => {
        const onAbort = () => {
          const i = queue.indexOf(task);
          if (i >= 0) {
            queue.splice(i, 1);
            reject(new DOMException('import cancelled', 'AbortError'));
          }
        };
        const detach = () => signal?.removeEventListener('abort', onAbort);
        const task: Task = { body: { type: 'decode', file, name, spec }, resolve, reject, detach };
        queue.push(task);
        signal?.addEventListener('abort', onAbort, { once: true });
        pump();
      });
    },
    terminate() {
      open = false;
      for (const slot of slots) slot.close(closed);
      for (const task of queue.splice(0)) {
        task.detach();
        task.reject(closed);
      }
    },
  };
}

/** One file per worker at a time. */
export function createDecodePool(createWorker: () => WorkerLike, size: number): DecodePool {
  return createWorkerPool(createWorker, size, 1, 'decode');
}

/** The browser pool: one module worker per core. */
export function createBrowserDecodePool(size = Math.max(1, navigator.hardwareConcurrency || 2)): DecodePool {
  return createDecodePool(
    () => new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    size,
  );
}
