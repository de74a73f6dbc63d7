/**
 * The import's worker pool with face alignment: the decode pool (data/decodePool.ts) over faceAlignWorker.ts instead
 * of the plain decode worker. Each worker holds its own detector (about 6 MB of weights, dequantised to ~25 MB, plus
 * the wasm heap), so the pool is capped below the core count on big machines.
 */
import type { DecodePool, WorkerLike } from '../data/decodePool';
import { createDecodePool } from '../data/decodePool';

/** At most this many face-align workers: each costs memory, and the import is rarely the bottleneck past it. */
export const FACE_ALIGN_WORKERS_MAX = 8;

export function faceAlignPoolSize(cores: number = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(FACE_ALIGN_WORKERS_MAX, cores));
}

/** One face-align module worker per core, up to FACE_ALIGN_WORKERS_MAX. */
export function createFaceAlignPool(size: number = faceAlignPoolSize()): DecodePool {
  return createDecodePool(
    () => new Worker(new URL('./faceAlignWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    size,
  );
}
