/**
 * Runs UMAP in its own module worker, created on first use. A worker that fails to load or crashes rejects the
 * projection with a message saying so, and the next one starts a fresh worker; a cancelled projection terminates
 * the worker (umap-js cannot stop mid-fit).
 */
import type { UmapRequest, UmapResponse } from './umapProtocol';
import { RpcClient, type SignalLike, type WorkerLike } from './rpc';

export type Umap2d = (
  data: Float32Array,
  dim: number,
  seed: number,
  onProgress: (epoch: number, epochs: number) => void,
  signal?: SignalLike,
) => Promise<Float32Array>;

/** A UMAP client over workers made by `createWorker` (tests inject fakes). */
export function createUmapClient(createWorker: () => WorkerLike<UmapRequest, UmapResponse>): Umap2d {
  const rpc = new RpcClient<UmapRequest, UmapResponse>({ create: createWorker, name: 'UMAP' });
  return async (data, dim, seed, onProgress, signal) => {
    const data2 = data.slice(); // the caller keeps its embeddings
    const reply = await rpc.ask({ type: 'umap', data: data2, dim, seed }, 'result', {
      transfer: [data2.buffer],
      onProgress: (p) => onProgress(p.epoch, p.epochs),
      signal,
    });
    return reply.points;
  };
}

/** 2-D UMAP of `data` (n rows of `dim`), seeded. @returns [n × 2] points */
export const umap2d: Umap2d = createUmapClient(
  () =>
    new Worker(new URL('./umapWorker.ts', import.meta.url), { type: 'module', name: 'umap' }) as unknown as WorkerLike<
      UmapRequest,
      UmapResponse
    >,
);
