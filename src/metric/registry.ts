/**
 * The losses as the lab runs them: the catalog's table (catalog/index.ts, what the page shows) with each loss's
 * body, by the same ids. The type makes a catalog line without a body, or a body without a line, an error.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LossId, LossOptionsById } from './catalog';
import { runLoss } from './lossEntry';
import type { LossEntry } from './lossEntry';
import { angularTripletEntry } from './losses/angularTriplet';
import { batchAllEntry } from './losses/batchAll';
import { batchHardEntry, batchHardSoftEntry } from './losses/batchHard';
import { batchOhnmEntry } from './losses/batchOhnm';
import { offlineHardEntry, randomTripletsEntry } from './losses/explicitTriplets';
import { liftedEntry } from './losses/lifted';
import { msmlEntry } from './losses/msml';
import { quadrupletEntry } from './losses/quadruplet';
import { semiHardEntry } from './losses/semiHard';
import { softmaxTripletEntry } from './losses/softmaxTriplet';
import type { LossInput, LossOutput } from './types';

/** Every loss with its body, by id. */
export const LOSS_ENTRIES: { readonly [K in LossId]: LossEntry<LossOptionsById[K]> } = {
  randomTriplets: randomTripletsEntry,
  offlineHard: offlineHardEntry,
  semiHard: semiHardEntry,
  batchAll: batchAllEntry,
  batchHard: batchHardEntry,
  batchHardSoft: batchHardSoftEntry,
  batchOhnm: batchOhnmEntry,
  lifted: liftedEntry,
  quadruplet: quadrupletEntry,
  msml: msmlEntry,
  angularTriplet: angularTripletEntry,
  softmaxTriplet: softmaxTripletEntry,
};

/** Extra inputs some losses need (triplet lists, logits, the step); see LossInput. */
export type LossExtras = Omit<LossInput, 'embeddings' | 'labels'>;

/** A loss bound to its options. Cheap to create: build a new one whenever the margin or an option changes. */
export type LossFn = (embeddings: tf.Tensor2D, labels: tf.Tensor1D, extras?: LossExtras) => LossOutput;

/**
 * The loss `id` with `options` over its defaults. Creating it allocates nothing and compiles nothing, so a margin
 * schedule can call `getLoss` every step.
 */
export function getLoss<K extends LossId>(id: K, options: Partial<LossOptionsById[K]> = {}): LossFn {
  const entry = LOSS_ENTRIES[id] as LossEntry<LossOptionsById[K]>;
  const merged: LossOptionsById[K] = { ...entry.defaults, ...options };
  return (embeddings, labels, extras = {}) => runLoss(entry, { ...extras, embeddings, labels }, merged);
}
