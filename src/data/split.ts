/**
 * Train / validation split by identity, so evaluation measures identities never seen in training. By default 20%
 * of the identities with at least 2 images go to validation (a verification pair needs two images); identities
 * with a single image always stay in training, where they serve as negatives.
 */
import { assert } from '../common/assert';
import { createRng } from '../common/rng';

export interface IdentitySplit {
  /** Ascending identity ids. */
  train: Int32Array;
  validation: Int32Array;
}

export const DEFAULT_VALIDATION_FRACTION = 0.2;

/** @param counts images per identity; identities with 0 images are left out of both sides */
export function splitByIdentity(
  counts: ArrayLike<number>,
  seed: number,
  fraction = DEFAULT_VALIDATION_FRACTION,
): IdentitySplit {
  assert(fraction >= 0 && fraction < 1, `validation fraction must be in [0, 1), got ${fraction}`);
  const eligible: number[] = [];
  for (let i = 0; i < counts.length; i++) if ((counts[i] as number) >= 2) eligible.push(i);
  createRng(seed).shuffle(eligible);
  const nVal = Math.round(fraction * eligible.length);
  const validation = new Set(eligible.slice(0, nVal));
  const train: number[] = [];
  for (let i = 0; i < counts.length; i++) if ((counts[i] as number) >= 1 && !validation.has(i)) train.push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from([...validation].sort((a, b) => a - b)) };
}
