/**
 * Seed 000, method 3 (subspace learning for 100K identities): identities are clustered into M subspaces of
 * look-alikes, and each batch draws its P identities from one subspace, so the in-batch negatives are hard ones.
 * The clustering comes from outside (k-means over identity embeddings in cluster/); `setAssignment` swaps it in
 * when it is refreshed. A subspace is drawn with probability proportional to its size, and inside it identities are
 * visited once per (subspace) epoch. When no subspace holds P identities the batch mixes subspaces and says so.
 */
import { assert } from '../../common/assert';
import type { Rng } from '../../common/rng';
import { createRng } from '../../common/rng';
import type { IdentityIndex } from '../identityIndex';
import type { Batch, Sampler } from './batch';
import { anchorSlots, drawImages } from './batch';
import type { EpochQueue } from './epochQueue';
import { createEpochQueue } from './epochQueue';

export interface SubspaceSampler extends Sampler {
  /** Replace the identity → subspace assignment (indexed by identity id; -1 = none). Queues restart. */
  setAssignment(assignment: ArrayLike<number>): void;
}

export interface SubspaceGroups {
  /** Subspace id → anchor-capable slots in it. */
  groups: Map<number, number[]>;
  /** Subspaces with at least P slots, ascending. */
  viable: number[];
}

export function groupSlots(index: IdentityIndex, assignment: ArrayLike<number>, P: number): SubspaceGroups {
  const groups = new Map<number, number[]>();
  for (const slot of anchorSlots(index)) {
    const sub = assignment[index.ids[slot] as number] ?? -1;
    if (sub < 0) continue;
    let g = groups.get(sub);
    if (!g) groups.set(sub, (g = []));
    g.push(slot);
  }
  const viable = [...groups.keys()].filter((k) => (groups.get(k) as number[]).length >= P).sort((a, b) => a - b);
  return { groups, viable };
}

/**
 * The hook: pick one subspace (∝ its size among those with ≥ P identities) and P distinct identity slots from it.
 * Falls back to mixing subspaces (subspace = -1) when none is big enough.
 */
export function sampleSubspaceIdentities(
  { groups, viable }: SubspaceGroups,
  P: number,
  rng: Rng,
  queues: Map<number, EpochQueue>,
): { subspace: number; slots: number[] } {
  if (viable.length > 0) {
    const total = viable.reduce((s, k) => s + (groups.get(k) as number[]).length, 0);
    let r = rng.int(total);
    let sub = viable[viable.length - 1] as number;
    for (const k of viable) {
      r -= (groups.get(k) as number[]).length;
      if (r < 0) {
        sub = k;
        break;
      }
    }
    let q = queues.get(sub);
    if (!q) queues.set(sub, (q = createEpochQueue(groups.get(sub) as number[], rng.fork())));
    return { subspace: sub, slots: q.take(P) };
  }
  const all = [...groups.values()].sort((a, b) => b.length - a.length);
  const slots = all.flat().slice(0, P);
  assert(slots.length === P, `P = ${P} but only ${slots.length} identities are assigned to subspaces`);
  return { subspace: -1, slots };
}

export function createSubspaceSampler(settings: {
  index: IdentityIndex;
  P: number;
  K: number;
  seed: number;
  assignment: ArrayLike<number>;
}): SubspaceSampler {
  const { index, P, K, seed } = settings;
  assert(P >= 2 && K >= 2, `need P ≥ 2 and K ≥ 2 (got ${P}, ${K})`);
  const rng = createRng(seed);
  const pickRng = rng.fork();
  const imageRng = rng.fork();
  let groups = groupSlots(index, settings.assignment, P);
  let queues = new Map<number, EpochQueue>();
  let step = 0;
  let identitiesSeen = 0;
  const eligible = anchorSlots(index).length;
  return {
    id: 'subspace',
    setAssignment(assignment) {
      groups = groupSlots(index, assignment, P);
      queues = new Map();
    },
    next(): Batch {
      const { subspace, slots } = sampleSubspaceIdentities(groups, P, pickRng, queues);
      const indices = new Int32Array(P * K);
      const labels = new Int32Array(P * K);
      let repeats = 0;
      slots.forEach((slot, p) => (repeats += drawImages(index, slot, K, imageRng, indices, labels, p * K)));
      identitiesSeen += P;
      // Epochs are counted in identity visits (P per batch) against the anchor-capable identities.
      return {
        indices,
        labels,
        repeats,
        epoch: Math.floor((identitiesSeen - 1) / eligible),
        epochProgress: (((identitiesSeen - 1) % eligible) + 1) / eligible,
        step: step++,
        subspace,
      };
    },
  };
}
