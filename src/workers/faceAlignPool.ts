/**
 * The import's worker pool with face alignment: the decode pool's contract (workers/decodePool.ts: an ImageProcessor,
 * a crashed worker fails only its own files and is replaced, abort drops queued files) over faceAlignWorker.ts, but
 * each worker holds up to FACE_ALIGN_DEPTH files at once, so it can align a mosaic of them per detector pass while
 * decoding the next. Each worker holds its own detector (about 6 MB of weights, dequantised to ~25 MB, plus the
 * wasm heap), so the pool is capped below the core count on big machines.
 */
import { MOSAIC_GRID } from '../data/faceFrame';
import { createWorkerPool, type DecodePool, type WorkerLike } from './decodePool';

/** At most this many face-align workers: each costs memory, and the import is rarely the bottleneck past it. */
export const FACE_ALIGN_WORKERS_MAX = 8;
/** Files in flight per worker: two mosaics' worth (one aligning, one decoding). */
export const FACE_ALIGN_DEPTH = 2 * MOSAIC_GRID * MOSAIC_GRID;

export function faceAlignPoolSize(cores: number = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(FACE_ALIGN_WORKERS_MAX, cores));
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
  // Twice what the workers hold, so a worker that answers a batch finds the next files queued.
  return { ...createWorkerPool(createWorker, size, depth, 'face-align'), window: 2 * size * depth };
}

/** One face-align module worker per core, up to FACE_ALIGN_WORKERS_MAX, each holding FACE_ALIGN_DEPTH files. */
export function createFaceAlignPool(size: number = faceAlignPoolSize()): DecodePool & { window: number } {
  return createBatchingPool(
    () => new Worker(new URL('./faceAlignWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    size,
    FACE_ALIGN_DEPTH,
  );
}
