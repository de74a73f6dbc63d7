/**
 * The table of losses as the page sees them: every loss file's declaration without its body, so no tfjs. In a
 * build `virtual:loss-catalog` is that data serialised at build time (vite.config.ts); in Node it is the registry
 * itself (liveCatalog.ts). The types come from the loss files (type imports only: nothing of them is loaded).
 */
import { LOSSES as CATALOG, LOSS_IDS as IDS } from 'virtual:loss-catalog';
import type { LossInfo } from '../lossInfo';
import type { LossId, LossOptionsById } from '../registry';
import type { SoftmaxTripletPart } from '../losses/softmaxTriplet';

export type { LossId, LossOptionsById } from '../registry';

/** Every loss, by id, in the order of metric-learning.md. */
export const LOSSES = CATALOG as unknown as { readonly [K in LossId]: LossInfo<LossOptionsById[K]> };

export const LOSS_IDS = IDS as LossId[];

/** The options one loss declares, with their defaults filled in (for the exporters and the URL). */
export function lossOptionsWithDefaults(id: LossId, options: Record<string, unknown>): Record<string, number | string | boolean> {
  return { ...LOSSES[id].defaults, ...options } as Record<string, number | string | boolean>;
}

export type { LossInfo, InspectorSelection, LossInputName } from '../lossInfo';
export type { OptionSpec } from '../types';
export type { AngularTripletOptions } from '../losses/angularTriplet';
export type { BatchAllOptions, BatchAllReduction } from '../losses/batchAll';
export type { BatchOhnmOptions } from '../losses/batchOhnm';
export type { OfflineHardOptions } from '../losses/offlineHard';
export type { QuadrupletOptions } from '../losses/quadruplet';
export type { SemiHardFallback, SemiHardOptions } from '../losses/semiHard';
export type { SoftmaxTripletOptions, SoftmaxTripletPart } from '../losses/softmaxTriplet';

/** The triplet parts softmaxTriplet offers, as its option declares them. */
export const SOFTMAX_TRIPLET_PARTS = (LOSSES.softmaxTriplet.options.find((o) => o.name === 'triplet') as { choices: readonly string[] })
  .choices as readonly SoftmaxTripletPart[];
