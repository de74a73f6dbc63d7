/**
 * The page's handle on the face-render worker (created on first use): the images asked for within one task go out
 * as one request. Without `Worker` (Node tests), or when the worker fails, faces render on the calling thread.
 */
import type { SyntheticFaces } from '../data/synthetic/syntheticFaces';
import type { FaceRenderRequest, FaceRenderResponse } from './faceRenderProtocol';

interface Pending {
  faces: SyntheticFaces;
  images: number[];
  settle: { resolve: (pixels: Uint8Array) => void; reject: (error: Error) => void }[];
}

let worker: Worker | null = null;
let nextId = 1;
const inFlight = new Map<number, Pending>();
let batch = new Map<SyntheticFaces, Pending>();

function spawn(): Worker {
  const w = new Worker(new URL('./faceRenderWorker.ts', import.meta.url), { type: 'module', name: 'faces' });
  w.onmessage = (event: MessageEvent<FaceRenderResponse>) => {
    const reply = event.data;
    const pending = inFlight.get(reply.id);
    if (!pending) return;
    inFlight.delete(reply.id);
    if (reply.type === 'error') return pending.settle.forEach((s) => s.reject(new Error(reply.message)));
    const size = pending.faces.spec.width * pending.faces.spec.height * pending.faces.spec.channels;
    pending.settle.forEach((s, i) => s.resolve(reply.pixels.subarray(i * size, (i + 1) * size)));
  };
  w.onerror = (event) => {
    // a worker that fails to load or crashes answers nothing: fail what it holds, the next request spawns afresh
    event.preventDefault();
    w.terminate();
    if (worker === w) worker = null;
    const error = new Error(`face-render worker failed: ${event.message || 'could not load'}`);
    for (const pending of inFlight.values()) pending.settle.forEach((s) => s.reject(error));
    inFlight.clear();
  };
  return w;
}

function flush(): void {
  const requests = batch;
  batch = new Map();
  for (const pending of requests.values()) {
    worker ??= spawn();
    const id = nextId++;
    inFlight.set(id, pending);
    const request: FaceRenderRequest = { id, settings: pending.faces.settings, images: Int32Array.from(pending.images) };
    worker.postMessage(request, [request.images.buffer]);
  }
}

/** The pixels of synthetic image `image` ([H × W × C] uint8), rendered in the worker. */
export function renderFaceOffThread(faces: SyntheticFaces, image: number): Promise<Uint8Array> {
  if (typeof Worker === 'undefined') return Promise.resolve(faces.render(image));
  return new Promise((resolve, reject) => {
    let pending = batch.get(faces);
    if (!pending) {
      if (batch.size === 0) queueMicrotask(flush);
      batch.set(faces, (pending = { faces, images: [], settle: [] }));
    }
    pending.images.push(image);
    pending.settle.push({ resolve, reject });
  });
}
