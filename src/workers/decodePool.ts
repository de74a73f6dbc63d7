/**
 * A pool of decode workers (navigator.hardwareConcurrency by default) behind the ImageProcessor interface. Files
 * queue here and go to the first idle worker; a worker that crashes (e.g. out of memory on a decode bomb) fails only
 * its own file and is replaced. Aborting drops the queued files; in-flight ones finish and are ignored by the import.
 */
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import type { ImageSpec } from '../data/imageSpec';
import type { ImageProcessor } from '../data/importPipeline';
import type { ProcessOutcome } from '../data/processImage';

/** The part of Worker the pool uses, so tests can run it with in-process fakes. */
export interface WorkerLike {
  postMessage(message: DecodeRequest): void;
  onmessage: ((event: MessageEvent<DecodeResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface DecodePool extends ImageProcessor {
  readonly size: number;
  terminate(): void;
}

interface Task {
  request: DecodeRequest;
  resolve: (o: ProcessOutcome) => void;
  reject: (e: Error) => void;
}

export function createDecodePool(createWorker: () => WorkerLike, size: number): DecodePool {
  const queue: Task[] = [];
  const slots: { worker: WorkerLike; task: Task | null }[] = [];
  let nextId = 1;
  let closed = false;

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.task || queue.length === 0) continue;
      const task = queue.shift() as Task;
      slot.task = task;
      slot.worker.postMessage(task.request);
    }
  };
  const attach = (slot: { worker: WorkerLike; task: Task | null }): void => {
    slot.worker.onmessage = (event) => {
      const task = slot.task;
      slot.task = null;
      if (task && event.data.id === task.request.id) {
        if (event.data.type === 'result') task.resolve(event.data.outcome);
        else task.reject(new Error(event.data.message));
      }
      pump();
    };
    slot.worker.onerror = (event) => {
      const task = slot.task;
      slot.task = null;
      slot.worker.terminate();
      if (closed) return;
      slot.worker = createWorker();
      attach(slot);
      task?.reject(new Error(`decode worker crashed: ${event.message ?? 'unknown error'}`));
      pump();
    };
  };
  for (let i = 0; i < size; i++) {
    const slot = { worker: createWorker(), task: null };
    attach(slot);
    slots.push(slot);
  }

  return {
    size,
    process(file: Blob, name: string, spec: ImageSpec, signal?: AbortSignal): Promise<ProcessOutcome> {
      if (closed) return Promise.reject(new Error('decode pool terminated'));
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
        slot.task?.reject(new Error('decode pool terminated'));
      }
      for (const task of queue.splice(0)) task.reject(new Error('decode pool terminated'));
    },
  };
}

/** The browser pool: one module worker per core. */
export function createBrowserDecodePool(size = Math.max(1, navigator.hardwareConcurrency || 2)): DecodePool {
  return createDecodePool(
    () => new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    size,
  );
}
