/**
 * What every sampler returns, and the P×K building block they share. Samplers are seeded and pure: the same
 * index, settings and seed give the same batches.
 */
import type { Rng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';

export type SamplerId = 'pk' | 'facenet' | 'random' | 'randomTriplets' | 'subspace';

export interface Batch {
  /** [B] dataset image indices. */
  indices: Int32Array;
  /** [B] identity id of each image. */
  labels: Int32Array;
  /** Images drawn again because their identity had fewer than K (counted once per extra copy). */
  repeats: number;
  /** 0-based epoch this batch ends in, and how far through it (0–1]; an epoch = every identity (or image) once. */
  epoch: number;
  epochProgress: number;
  /** 0-based batch number. */
  step: number;
  /** randomTriplets only: [T, 3] positions in the batch of (anchor, positive, negative). */
  triplets?: Int32Array;
  /** subspace only: the subspace drawn from, or -1 when no subspace held P identities and several were mixed. */
  subspace?: number;
}

export interface Sampler {
  readonly id: SamplerId;
  next(): Batch;
}

/**
 * Write K images of identity slot `slot` at `indices[at..at+K)`: K distinct images when it has ≥ K, otherwise all
 * of them (shuffled) padded by cycling through them again.
 * @returns the number of repeats (max(0, K − size))
 */
export function drawImages(
  index: IdentityIndex,
  slot: number,
  K: number,
  rng: Rng,
  indices: Int32Array,
  labels: Int32Array,
  at: number,
): number {
  const start = index.offsets[slot] as number;
  const n = (index.offsets[slot + 1] as number) - start;
  const id = index.ids[slot] as number;
  const pool = Array.from(index.images.subarray(start, start + n));
  // Partial Fisher–Yates: the first min(K, n) entries become a uniform random subset in random order.
  const take = Math.min(K, n);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  for (let k = 0; k < K; k++) {
    indices[at + k] = pool[k % take] as number;
    labels[at + k] = id;
  }
  return Math.max(0, K - n);
}

/** Slots whose identity has at least two images, i.e. can supply an anchor and a positive. */
export function anchorSlots(index: IdentityIndex): number[] {
  const out: number[] = [];
  for (let s = 0; s < index.ids.length; s++)
    if ((index.offsets[s + 1] as number) - (index.offsets[s] as number) >= 2) out.push(s);
  return out;
}
