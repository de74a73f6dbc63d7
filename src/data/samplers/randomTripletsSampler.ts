/**
 * The FaceNet baseline and seed 000's method 1: T triplets drawn uniformly from the whole training set, not mined in
 * a batch. The anchor is a uniform image among identities with ≥ 2 images, the positive a different image of the
 * same identity, the negative a uniform image of any other identity. The batch is laid out a0 p0 n0 a1 p1 n1 …
 */
import { assert } from '../../common/assert';
import { createRng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';
import type { Batch, Sampler } from './batch';

export function createRandomTripletsSampler({
  index,
  T,
  seed,
}: {
  index: IdentityIndex;
  T: number;
  seed: number;
}): Sampler {
  const N = index.images.length;
  const positionSlot = new Int32Array(N);
  const anchorPositions: number[] = [];
  for (let s = 0; s < index.ids.length; s++) {
    const a = index.offsets[s] as number;
    const b = index.offsets[s + 1] as number;
    positionSlot.fill(s, a, b);
    if (b - a >= 2) for (let p = a; p < b; p++) anchorPositions.push(p);
  }
  assert(anchorPositions.length > 0, 'no training identity has 2 or more images');
  assert(index.ids.length >= 2, 'triplets need at least two identities');
  const rng = createRng(seed);
  const triplets = Int32Array.from({ length: 3 * T }, (_, i) => i);
  let step = 0;
  return {
    id: 'randomTriplets',
    next(): Batch {
      const indices = new Int32Array(3 * T);
      const labels = new Int32Array(3 * T);
      for (let t = 0; t < T; t++) {
        const a = anchorPositions[rng.int(anchorPositions.length)] as number;
        const slot = positionSlot[a] as number;
        const start = index.offsets[slot] as number;
        const size = (index.offsets[slot + 1] as number) - start;
        const p = start + ((a - start + 1 + rng.int(size - 1)) % size); // any other image of the identity
        let n = rng.int(N);
        while (positionSlot[n] === slot) n = rng.int(N);
        const id = index.ids[slot] as number;
        indices.set([index.images[a] as number, index.images[p] as number, index.images[n] as number], 3 * t);
        labels.set([id, id, index.ids[positionSlot[n] as number] as number], 3 * t);
      }
      const seen = (step + 1) * T;
      const A = anchorPositions.length;
      return {
        indices,
        labels,
        repeats: 0,
        epoch: Math.floor((seen - 1) / A),
        epochProgress: (((seen - 1) % A) + 1) / A,
        step: step++,
        triplets,
      };
    },
  };
}
