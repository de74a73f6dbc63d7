/**
 * The page's handle on the face-render worker (created on first use): the images asked for within one task go out
 * as one request. Without `Worker` (Node tests) faces render on the calling thread; a worker that fails to load or
 * crashes rejects what it holds (the caller falls back to the page) and the next request starts a fresh one.
 */
import type { SyntheticFaces } from '../data/synthetic/syntheticFaces';
import type { FaceRenderRequest, FaceRenderResponse } from './faceRenderProtocol';
import { RpcClient, type WorkerLike } from './rpc';

interface Pending {
  images: number[];
  settle: { resolve: (pixels: Uint8Array) => void; reject: (error: Error) => void }[];
}

export type RenderFace = (faces: SyntheticFaces, image: number) => Promise<Uint8Array>;

/** A renderer over workers made by `createWorker` (null: render on the calling thread). */
export function createFaceRenderClient(
  createWorker: (() => WorkerLike<FaceRenderRequest, FaceRenderResponse>) | null,
): RenderFace {
  if (createWorker === null) return async (faces, image) => faces.render(image);
  const rpc = new RpcClient<FaceRenderRequest, FaceRenderResponse>({ create: createWorker, name: 'face-render' });
  let batch = new Map<SyntheticFaces, Pending>();

  const flush = (): void => {
    const requests = batch;
    batch = new Map();
    for (const [faces, pending] of requests) {
      const images = Int32Array.from(pending.images);
      const size = faces.spec.width * faces.spec.height * faces.spec.channels;
      rpc.ask({ type: 'render', settings: faces.settings, images }, 'pixels', { transfer: [images.buffer] }).then(
        ({ pixels }) => pending.settle.forEach((s, i) => s.resolve(pixels.subarray(i * size, (i + 1) * size))),
        (error: Error) => pending.settle.forEach((s) => s.reject(error)),
      );
    }
  };

  return (faces, image) =>
    new Promise((resolve, reject) => {
      let pending = batch.get(faces);
      if (!pending) {
        if (batch.size === 0) queueMicrotask(flush);
        batch.set(faces, (pending = { images: [], settle: [] }));
      }
      pending.images.push(image);
      pending.settle.push({ resolve, reject });
    });
}

/** The pixels of synthetic image `image` ([H × W × C] uint8), rendered in the worker. */
export const renderFaceOffThread: RenderFace = createFaceRenderClient(
  typeof Worker === 'undefined'
    ? null
    : () =>
        new Worker(new URL('./faceRenderWorker.ts', import.meta.url), {
          type: 'module',
          name: 'faces',
        }) as unknown as WorkerLike<FaceRenderRequest, FaceRenderResponse>,
);
