/**
 * The losses the lab runs: one line per loss file (losses/<id>.ts), in the order of metric-learning.md. Nothing
 * else in the lab names a loss: the trainer, inspector, exporters and UI read what each entry declares (its inputs,
 * inspector selection, PyTorch block). The page gets the same entries without their bodies from
 * `virtual:loss-catalog` (catalog/index.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { runLoss } from './lossEntry';
import type { LossEntry } from './lossEntry';
import { angularTriplet } from './losses/angularTriplet';
import { batchAll } from './losses/batchAll';
import { batchHard } from './losses/batchHard';
import { batchHardSoft } from './losses/batchHardSoft';
import { batchOhnm } from './losses/batchOhnm';
import { lifted } from './losses/lifted';
import { msml } from './losses/msml';
import { offlineHard } from './losses/offlineHard';
import { quadruplet } from './losses/quadruplet';
import { randomTriplets } from './losses/randomTriplets';
import { semiHard } from './losses/semiHard';
import { softmaxTriplet } from './losses/softmaxTriplet';
import type { BaseLossOptions, LossInput, LossOutput } from './types';

/** Every loss, by id. */
export const LOSS_ENTRIES = {
  randomTriplets,
  offlineHard,
  semiHard,
  batchAll,
  batchHard,
  batchHardSoft,
  batchOhnm,
  lifted,
  quadruplet,
  msml,
  angularTriplet,
  softmaxTriplet,
};

export type LossId = keyof typeof LOSS_ENTRIES;

/** Options of each loss, by id. */
export type LossOptionsById = { [K in LossId]: (typeof LOSS_ENTRIES)[K]['defaults'] };

/** The ids, in order; `registerLoss` appends. */
export const LOSS_IDS = Object.keys(LOSS_ENTRIES) as LossId[];

/**
 * Adds a loss at run time (a variant defined in a test, or a plug-in): listed, trained and exported like the
 * others. Its id must be new.
 */
export function registerLoss<O extends BaseLossOptions>(entry: LossEntry<O>): void {
  if (entry.id in LOSS_ENTRIES) throw new Error(`A loss with the id '${entry.id}' is already registered`);
  (LOSS_ENTRIES as unknown as Record<string, LossEntry<never>>)[entry.id] = entry as unknown as LossEntry<never>;
  LOSS_IDS.push(entry.id as LossId);
}

/** Extra inputs some losses need (triplet lists, logits, the step); see LossInput. */
export type LossExtras = Omit<LossInput, 'embeddings' | 'labels'>;

/** A loss bound to its options. Cheap to create: build a new one whenever the margin or an option changes. */
export type LossFn = (embeddings: tf.Tensor2D, labels: tf.Tensor1D, extras?: LossExtras) => LossOutput;

/** The entry of `id`, with a clear message for an id no loss file declares. */
export function lossEntry(id: string): LossEntry<BaseLossOptions> {
  const entry = (LOSS_ENTRIES as unknown as Record<string, LossEntry<BaseLossOptions> | undefined>)[id];
  if (!entry) throw new Error(`Unknown loss '${id}': the lab has ${LOSS_IDS.join(', ')}`);
  return entry;
}

/**
 * The loss `id` with `options` over its defaults. Creating it allocates nothing and compiles nothing, so a margin
 * schedule can call `getLoss` every step.
 */
export function getLoss<K extends LossId>(id: K, options: Partial<LossOptionsById[K]> = {}): LossFn {
  const entry = lossEntry(id);
  const merged = { ...entry.defaults, ...options } as BaseLossOptions;
  return (embeddings, labels, extras = {}) => runLoss(entry, { ...extras, embeddings, labels }, merged);
}
