/**
 * Builds the sampler the settings name, over the training identities.
 */
import type { IdentityIndex } from '../data/identityIndex';
import type { Sampler } from '../data/samplers/batch';
import { createFacenetSampler } from '../data/samplers/facenetSampler';
import { createPkSampler } from '../data/samplers/pkSampler';
import { createRandomSampler } from '../data/samplers/randomSampler';
import { createRandomTripletsSampler } from '../data/samplers/randomTripletsSampler';
import { createSubspaceSampler } from '../data/samplers/subspaceSampler';
import { lossEntry } from '../metric/registry';
import type { TrainerSettings } from './settings';

export interface SamplerContext {
  /** The training identities only: validation identities are never trained on. */
  train: IdentityIndex;
  /** subspace sampler: the subspace of every identity id (from k-means of identity representations). */
  subspaceOf?: ArrayLike<number>;
}

/** FaceNet adds R random images of other identities per batch; the lab uses one per identity drawn. */
const FACENET_EXTRA_PER_IDENTITY = 1;

export function createSampler(settings: TrainerSettings, context: SamplerContext): Sampler {
  const { P, K, seed } = settings;
  const index = context.train;
  // A loss that trains on triplets drawn over the whole training set takes them from the sampler, not a P×K batch.
  if (lossEntry(settings.loss).inputs.includes('sampledTriplets')) return createRandomTripletsSampler({ index, T: Math.max(1, Math.floor((P * K) / 3)), seed });
  switch (settings.sampler) {
    case 'pk':
      return createPkSampler({ index, P, K, seed });
    case 'facenet':
      return createFacenetSampler({ index, P, K, R: P * FACENET_EXTRA_PER_IDENTITY, seed });
    case 'random':
      return createRandomSampler({ index, B: P * K, seed });
    case 'randomTriplets':
      return createRandomTripletsSampler({ index, T: Math.max(1, Math.floor((P * K) / 3)), seed });
    case 'subspace':
      if (!context.subspaceOf) throw new Error('The subspace sampler needs a clustering of the identities: run Clustering first.');
      return createSubspaceSampler({ index, P, K, seed, assignment: context.subspaceOf });
  }
}
