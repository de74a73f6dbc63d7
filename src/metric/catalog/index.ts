/**
 * The table of losses as the page shows them: one line per variant of metric-learning.md, with its names, formula,
 * options and defaults, and no tfjs. The bodies that compute them are in ../registry.ts, keyed by the same ids.
 */
import type { BaseLossOptions } from '../types';
import type { LossInfo } from '../lossInfo';
import { angularTripletInfo, type AngularTripletOptions } from './angularTriplet';
import { batchAllInfo, type BatchAllOptions } from './batchAll';
import { batchHardInfo, batchHardSoftInfo } from './batchHard';
import { batchOhnmInfo, type BatchOhnmOptions } from './batchOhnm';
import { offlineHardInfo, randomTripletsInfo, type OfflineHardOptions } from './explicitTriplets';
import { liftedInfo } from './lifted';
import { msmlInfo } from './msml';
import { quadrupletInfo, type QuadrupletOptions } from './quadruplet';
import { semiHardInfo, type SemiHardOptions } from './semiHard';
import { softmaxTripletInfo, type SoftmaxTripletOptions } from './softmaxTriplet';

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
export const LOSSES: { readonly [K in LossId]: LossInfo<LossOptionsById[K]> } = {
  randomTriplets: randomTripletsInfo,
  offlineHard: offlineHardInfo,
  semiHard: semiHardInfo,
  batchAll: batchAllInfo,
  batchHard: batchHardInfo,
  batchHardSoft: batchHardSoftInfo,
  batchOhnm: batchOhnmInfo,
  lifted: liftedInfo,
  quadruplet: quadrupletInfo,
  msml: msmlInfo,
  angularTriplet: angularTripletInfo,
  softmaxTriplet: softmaxTripletInfo,
};

export const LOSS_IDS = Object.keys(LOSSES) as LossId[];

export type { LossInfo } from '../lossInfo';
export type { OptionSpec } from '../types';
export type { AngularTripletOptions } from './angularTriplet';
export type { BatchAllOptions, BatchAllReduction } from './batchAll';
export type { BatchOhnmOptions } from './batchOhnm';
export type { OfflineHardOptions } from './explicitTriplets';
export type { QuadrupletOptions } from './quadruplet';
export type { SemiHardFallback, SemiHardOptions } from './semiHard';
export { SOFTMAX_TRIPLET_PARTS } from './softmaxTriplet';
export type { SoftmaxTripletOptions, SoftmaxTripletPart } from './softmaxTriplet';
