/**
 * Runs UMAP in its own module worker, created on first use; one projection at a time.
 */
import type { UmapRequest, UmapResponse } from './umapProtocol';

let worker: Worker | null = null;
let nextId = 1;

/** 2-D UMAP of `data` (n rows of `dim`), seeded. @returns [n × 2] points */
export function umap2d(
  data: Float32Array,
  dim: number,
  seed: number,
  onProgress: (epoch: number, epochs: number) => void,
): Promise<Float32Array> {
  worker ??= new Worker(new URL('./umapWorker.ts', import.meta.url), { type: 'module', name: 'umap' });
  const id = nextId++;
  const w = worker;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<UmapResponse>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (reply.type === 'progress') return onProgress(reply.epoch, reply.epochs);
      w.removeEventListener('message', onMessage);
      if (reply.type === 'result') resolve(reply.points);
      else reject(new Error(reply.message));
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, data: data.slice(), dim, seed } satisfies UmapRequest);
  });
}
