/**
 * B images uniformly at random (without replacement within a batch). Many batches hold no positive pair at all,
 * which the census shows: the teaching point of this sampler.
 */
import { assert } from '../../common/assert';
import { createRng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';
import type { Batch, Sampler } from './batch';

export function createRandomSampler({ index, B, seed }: { index: IdentityIndex; B: number; seed: number }): Sampler {
  const N = index.images.length;
  assert(B >= 1 && B <= N, `batch size ${B} must be in [1, ${N}]`);
  const positionId = new Int32Array(N);
  for (let s = 0; s < index.ids.length; s++)
    positionId.fill(index.ids[s] as number, index.offsets[s] as number, index.offsets[s + 1] as number);
  const rng = createRng(seed);
  let step = 0;
  return {
    id: 'random',
    next(): Batch {
      const indices = new Int32Array(B);
      const labels = new Int32Array(B);
      const taken = new Set<number>();
      for (let b = 0; b < B;) {
        const pos = rng.int(N);
        if (taken.has(pos)) continue;
        taken.add(pos);
        indices[b] = index.images[pos] as number;
        labels[b] = positionId[pos] as number;
        b++;
      }
      const seen = (step + 1) * B;
      return {
        indices,
        labels,
        repeats: 0,
        epoch: Math.floor((seen - 1) / N),
        epochProgress: (((seen - 1) % N) + 1) / N,
        step: step++,
      };
    },
  };
}
