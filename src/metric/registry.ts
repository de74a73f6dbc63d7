/**
 * The table of losses: one line per variant of metric-learning.md, with everything the UI shows.
 */
import { runLoss } from './lossEntry';
import type { LossEntry } from './lossEntry';
import type { AngularTripletOptions } from './losses/angularTriplet';
import { angularTripletEntry } from './losses/angularTriplet';
import type { BatchAllOptions } from './losses/batchAll';
import { batchAllEntry } from './losses/batchAll';
import { batchHardEntry, batchHardSoftEntry } from './losses/batchHard';
import type { BatchOhnmOptions } from './losses/batchOhnm';
import { batchOhnmEntry } from './losses/batchOhnm';
import type { OfflineHardOptions } from './losses/explicitTriplets';
import { offlineHardEntry, randomTripletsEntry } from './losses/explicitTriplets';
import { liftedEntry } from './losses/lifted';
import { msmlEntry } from './losses/msml';
import type { QuadrupletOptions } from './losses/quadruplet';
import { quadrupletEntry } from './losses/quadruplet';
import type { SemiHardOptions } from './losses/semiHard';
import { semiHardEntry } from './losses/semiHard';
import type { SoftmaxTripletOptions } from './losses/softmaxTriplet';
import { softmaxTripletEntry } from './losses/softmaxTriplet';
import type * as tf from '@tensorflow/tfjs-core';
import type { BaseLossOptions, LossInput, LossOutput } from './types';

/** Options of each loss, by id. */
export interface LossOptionsById {
  randomTriplets: BaseLossOptions;
  offlineHard: OfflineHardOptions;
  semiHard: SemiHardOptions;
  batchAll: BatchAllOptions;
  batchHard: BaseLossOptions;
  batchHardSoft: BaseLossOptions;
  batchOhnm: BatchOhnmOptions;
  lifted: BaseLossOptions;
  quadruplet: QuadrupletOptions;
  msml: BaseLossOptions;
  angularTriplet: AngularTripletOptions;
  softmaxTriplet: SoftmaxTripletOptions;
}

export type LossId = keyof LossOptionsById;

/** Every loss, by id, in the order of metric-learning.md. */
export const LOSSES: { readonly [K in LossId]: LossEntry<LossOptionsById[K]> } = {
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

export const LOSS_IDS = Object.keys(LOSSES) as LossId[];

/** Extra inputs some losses need (triplet lists, logits, the step); see LossInput. */
export type LossExtras = Omit<LossInput, 'embeddings' | 'labels'>;

/** A loss bound to its options. Cheap to create: build a new one whenever the margin or an option changes. */
export type LossFn = (embeddings: tf.Tensor2D, labels: tf.Tensor1D, extras?: LossExtras) => LossOutput;

/**
 * The loss `id` with `options` over its defaults. Creating it allocates nothing and compiles nothing, so a margin
 * schedule can call `getLoss` every step.
 */
export function getLoss<K extends LossId>(id: K, options: Partial<LossOptionsById[K]> = {}): LossFn {
  const entry = LOSSES[id] as LossEntry<LossOptionsById[K]>;
  const merged: LossOptionsById[K] = { ...entry.defaults, ...options };
  return (embeddings, labels, extras = {}) => runLoss(entry, { ...extras, embeddings, labels }, merged);
}
