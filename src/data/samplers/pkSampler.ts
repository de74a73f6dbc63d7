/**
 * P×K batches (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss"): P identities × K images each.
 * Identities are visited in shuffled order, each once per epoch; only identities with ≥ 2 images are drawn (a
 * single-image identity can never be an anchor). Short identities are padded by repetition and the repeats counted.
 */
import { assert } from '../../common/assert';
import { createRng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';
import type { Batch, Sampler } from './batch';
import { anchorSlots, drawImages } from './batch';
import { createEpochQueue } from './epochQueue';

export interface PkSettings {
  index: IdentityIndex;
  P: number;
  K: number;
  seed: number;
}

export function createPkSampler({ index, P, K, seed }: PkSettings): Sampler {
  assert(Number.isInteger(P) && P >= 2, `P must be an integer ≥ 2, got ${P}`);
  assert(Number.isInteger(K) && K >= 2, `K must be an integer ≥ 2, got ${K}`);
  const slots = anchorSlots(index);
  assert(slots.length >= P, `P = ${P} but only ${slots.length} training identities have 2 or more images`);
  const rng = createRng(seed);
  const queue = createEpochQueue(slots, rng.fork());
  const imageRng = rng.fork();
  let step = 0;
  return {
    id: 'pk',
    next(): Batch {
      const chosen = queue.take(P);
      const indices = new Int32Array(P * K);
      const labels = new Int32Array(P * K);
      let repeats = 0;
      chosen.forEach((slot, p) => (repeats += drawImages(index, slot, K, imageRng, indices, labels, p * K)));
      return { indices, labels, repeats, epoch: queue.epoch(), epochProgress: queue.progress(), step: step++ };
    },
  };
}
