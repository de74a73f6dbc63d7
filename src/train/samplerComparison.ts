/**
 * Seed 000's claim made visible: on the same network, batches drawn from one subspace hold more hard and semi-hard
 * triplets than P×K batches drawn from all identities. Draws `batches` of each, embeds them in inference mode and
 * sums their exact censuses.
 */
import * as tf from '@tensorflow/tfjs';
import { tripletCensus, type Census } from '../metric';
import { embed } from '../model/embed';
import type { IdentityIndex } from '../data/identityIndex';
import type { Sampler } from '../data/samplers/batch';
import { createPkSampler } from '../data/samplers/pkSampler';
import { createSubspaceSampler } from '../data/samplers/subspaceSampler';
import type { ImageSource } from './imageSource';

export interface SamplerCensus {
  sampler: 'pk' | 'subspace';
  batches: number;
  census: Census;
  hardShare: number;
  semiHardShare: number;
}

async function censusOf(sampler: Sampler, batches: number, model: tf.LayersModel, source: ImageSource, opts: { margin: number; distance: 'euclidean' | 'squaredEuclidean' | 'cosine'; normalize: boolean }): Promise<Census> {
  const sum: Census = { easy: 0, semiHard: 0, hard: 0, total: 0 };
  for (let b = 0; b < batches; b++) {
    const batch = sampler.next();
    const pixels = source.read(batch.indices);
    const embeddings = tf.tidy(() => embed(model, tf.tensor4d(pixels, [batch.indices.length, source.size, source.size, source.channels]), { normalize: false }));
    const labels = tf.tensor1d(batch.labels, 'int32');
    try {
      const c = await tripletCensus(embeddings, labels, opts);
      sum.easy += c.easy;
      sum.semiHard += c.semiHard;
      sum.hard += c.hard;
      sum.total += c.total;
    } finally {
      tf.dispose([embeddings, labels]);
    }
  }
  return sum;
}

export async function compareSamplers(
  model: tf.LayersModel,
  source: ImageSource,
  train: IdentityIndex,
  subspaceOf: ArrayLike<number>,
  settings: { P: number; K: number; seed: number; batches: number; margin: number; distance: 'euclidean' | 'squaredEuclidean' | 'cosine'; normalize: boolean },
): Promise<SamplerCensus[]> {
  const { P, K, seed, batches } = settings;
  const samplers: [SamplerCensus['sampler'], Sampler][] = [
    ['pk', createPkSampler({ index: train, P, K, seed })],
    ['subspace', createSubspaceSampler({ index: train, P, K, seed, assignment: subspaceOf })],
  ];
  const out: SamplerCensus[] = [];
  for (const [name, sampler] of samplers) {
    const census = await censusOf(sampler, batches, model, source, settings);
    out.push({ sampler: name, batches, census, hardShare: census.hard / Math.max(census.total, 1), semiHardShare: census.semiHard / Math.max(census.total, 1) });
  }
  return out;
}
