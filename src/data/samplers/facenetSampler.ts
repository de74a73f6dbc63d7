/**
 * FaceNet batches (Schroff, Kalenichenko & Philbin 2015): P identities × K images, plus R images drawn at random
 * from other identities as extra negatives. Extras may come from single-image identities: that is where those
 * identities serve as negatives. Extras are distinct images and never share an identity with the P.
 */
import { assert } from '../../common/assert';
import { createRng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';
import type { Batch, Sampler } from './batch';
import { anchorSlots, drawImages } from './batch';
import { createEpochQueue } from './epochQueue';

export interface FacenetSettings {
  index: IdentityIndex;
  P: number;
  K: number;
  /** Random extra negatives per batch. */
  R: number;
  seed: number;
}

export function createFacenetSampler({ index, P, K, R, seed }: FacenetSettings): Sampler {
  assert(P >= 2 && K >= 2 && R >= 0, `need P ≥ 2, K ≥ 2, R ≥ 0 (got ${P}, ${K}, ${R})`);
  const slots = anchorSlots(index);
  assert(slots.length >= P, `P = ${P} but only ${slots.length} training identities have 2 or more images`);
  const positionSlot = new Int32Array(index.images.length);
  for (let s = 0; s < index.ids.length; s++)
    positionSlot.fill(s, index.offsets[s] as number, index.offsets[s + 1] as number);
  const rng = createRng(seed);
  const queue = createEpochQueue(slots, rng.fork());
  const imageRng = rng.fork();
  const extraRng = rng.fork();
  let step = 0;
  return {
    id: 'facenet',
    next(): Batch {
      const chosen = queue.take(P);
      const B = P * K + R;
      const indices = new Int32Array(B);
      const labels = new Int32Array(B);
      let repeats = 0;
      chosen.forEach((slot, p) => (repeats += drawImages(index, slot, K, imageRng, indices, labels, p * K)));
      const inBatch = new Set(chosen);
      let outside = 0;
      for (let s = 0; s < index.ids.length; s++)
        if (!inBatch.has(s)) outside += (index.offsets[s + 1] as number) - (index.offsets[s] as number);
      assert(
        outside >= R,
        `R = ${R} extra negatives requested but only ${outside} images lie outside the batch's identities`,
      );
      const taken = new Set<number>();
      for (let r = 0; r < R;) {
        // Rejection sampling: cheap while P is a small part of the identities, which is the FaceNet setting.
        const pos = extraRng.int(index.images.length);
        const slot = positionSlot[pos] as number;
        if (inBatch.has(slot) || taken.has(pos)) continue;
        taken.add(pos);
        indices[P * K + r] = index.images[pos] as number;
        labels[P * K + r] = index.ids[slot] as number;
        r++;
      }
      return { indices, labels, repeats, epoch: queue.epoch(), epochProgress: queue.progress(), step: step++ };
    },
  };
}
