/**
 * The import's worker pool with face alignment: the decode pool's contract (workers/decodePool.ts: an ImageProcessor,
 * a crashed worker fails only its own files and is replaced, abort drops queued files) over faceAlignWorker.ts, but
 * each worker holds up to FACE_ALIGN_DEPTH files at once, so it can align a mosaic of them per detector pass while
 * decoding the next. Each worker holds its own detector (about 6 MB of weights, dequantised to ~25 MB, plus the
 * wasm heap), so the pool is capped below the core count on big machines.
 */
import type { DecodeRequest } from './decodeProtocol';
import { MOSAIC_GRID } from '../data/faceFrame';
import type { DecodePool, WorkerLike } from './decodePool';
import type { ImageSpec } from '../data/imageSpec';
import type { ProcessOutcome } from '../data/processImage';

/** At most this many face-align workers: each costs memory, and the import is rarely the bottleneck past it. */
export const FACE_ALIGN_WORKERS_MAX = 8;
/** Files in flight per worker: two mosaics' worth (one aligning, one decoding). */
export const FACE_ALIGN_DEPTH = 2 * MOSAIC_GRID * MOSAIC_GRID;

export function faceAlignPoolSize(cores: number = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(FACE_ALIGN_WORKERS_MAX, cores));
}

interface Task {
  request: DecodeRequest;
  resolve: (o: ProcessOutcome) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: WorkerLike;
  tasks: Map<number, Task>;
}

/**
 * A pool that keeps up to `depth` files in each worker; the import's window is sized to keep them all busy.
 * @param createWorker a fresh worker (the face-align module worker in the browser, a fake in tests)
 */
export function createBatchingPool(
  createWorker: () => WorkerLike,
  size: number,
  depth: number,
): DecodePool & { window: number } {
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const pump = (): void => {
    for (;;) {
      // The least busy worker with room, so files spread evenly.
      let best: Slot | undefined;
      for (const slot of slots)
        if (slot.tasks.size < depth && (!best || slot.tasks.size < best.tasks.size)) best = slot;
      const task = best && queue.shift();
      if (!best || !task) return;
      best.tasks.set(task.request.id, task);
      best.worker.postMessage(task.request);
    }
  };
  const attach = (slot: Slot): void => {
    slot.worker.onmessage = (event) => {
      const task = slot.tasks.get(event.data.id);
      slot.tasks.delete(event.data.id);
      if (task) {
        if (event.data.type === 'result') task.resolve(event.data.outcome);
        else task.reject(new Error(event.data.message));
      }
      pump();
    };
    slot.worker.onerror = (event) => {
      const lost = [...slot.tasks.values()];
      slot.tasks.clear();
      slot.worker.terminate();
      if (closed) return;
      slot.worker = createWorker();
      attach(slot);
      for (const task of lost) task.reject(new Error(`face-align worker crashed: ${event.message ?? 'unknown error'}`));
      pump();
    };
  };
  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: createWorker(), tasks: new Map() };
    attach(slot);
    slots.push(slot);
  }

  return {
    size,
    // Twice what the workers hold, so a worker that answers a batch finds the next files queued.
    window: 2 * size * depth,
    process(file: Blob, name: string, spec: ImageSpec, signal?: AbortSignal): Promise<ProcessOutcome> {
      if (closed) return Promise.reject(new Error('face-align pool terminated'));
      return new Promise<ProcessOutcome>((resolve, reject) => {
        const task: Task = { request: { type: 'decode', id: nextId++, file, name, spec }, resolve, reject };
        queue.push(task);
        signal?.addEventListener(
          'abort',
          () => {
            const i = queue.indexOf(task);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(new DOMException('import cancelled', 'AbortError'));
            }
          },
          { once: true },
        );
        pump();
      });
    },
    terminate() {
      closed = true;
      for (const slot of slots) {
        slot.worker.terminate();
        for (const task of slot.tasks.values()) task.reject(new Error('face-align pool terminated'));
        slot.tasks.clear();
      }
      for (const task of queue.splice(0)) task.reject(new Error('face-align pool terminated'));
    },
  };
}

/** One face-align module worker per core, up to FACE_ALIGN_WORKERS_MAX, each holding FACE_ALIGN_DEPTH files. */
export function createFaceAlignPool(size: number = faceAlignPoolSize()): DecodePool & { window: number } {
  return createBatchingPool(
    () => new Worker(new URL('./faceAlignWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    size,
    FACE_ALIGN_DEPTH,
  );
}
