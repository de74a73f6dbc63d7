/**
 * Triplet Lab's metric core: distances, the exact triplet census, every miner and loss of
 * `docs/metric-learning.md`, and the per-step statistics. Pure tensor code on @tensorflow/tfjs-core; runs in Node,
 * in workers and in the page, on cpu, wasm, webgl and webgpu.
 *
 * Memory: nothing here builds a B×B×B tensor (except `naive*`, reference implementations for tests and benches).
 * Each anchor's negatives are sorted once (when first needed); the census, semi-hard search, batchAll and OHNM
 * binary-search that order: O(B² log B) time, O(B²) memory. When the caller passes the labels' values on the host
 * (`labelValues`, as the trainer does) and no anchor has more than 16 positives (P×K batches), the census and
 * batchAll compare each positive with all the anchor's negatives instead (positiveSlots.ts): O(B² · P), no sort.
 *
 * Using a loss:
 * ```ts
 * const lossFn = getLoss('batchHard', { margin: schedule(step), distance: 'euclidean' }); // cheap, every step
 * let stats: tf.Tensor1D | undefined;
 * const { value, grads } = tf.variableGrads(() => {
 *   const out = lossFn(model.predict(x) as tf.Tensor2D, labels, { step });
 *   stats = tf.keep(out.stats);          // the forward tidy would dispose it otherwise
 *   return out.loss;
 * });
 * // …apply grads, dispose value and grads…
 * const record = unpackStepStats((await stats!.data()) as Float32Array); stats!.dispose();
 * ```
 * Ownership: every function returns tensors the caller owns and leaves nothing else allocated. Inputs are never
 * disposed. Labels are int32 [B] identity ids; embeddings float32 [B, D], raw (losses normalise when `normalize`).
 * A batch without a positive pair gives loss 0, a zero gradient and `noPositives` in the stats, never NaN.
 *
 * Options: `LOSSES[id].options` describes each option (name, type, default, range, description) for the UI;
 * `margin`, `distance`, `normalize` are common to all (BASE_OPTION_SPECS). The margin is read at each call.
 *
 * The page imports none of this barrel: it loads tfjs-core. What the page needs is in tfjs-free modules:
 * `catalog` (LOSSES, LOSS_IDS, option types; built from the loss files at build time), `statsLayout` (StepStats, unpackStepStats), `censusLayout`.
 */
export { pairwiseDistance, l2Normalize, histogramRange, DISTANCES, EUCLIDEAN_EPSILON } from './distance';
export type { DistanceName } from './distance';
export { tripletCensus } from './tripletCensus';
export type { CensusOptions } from './tripletCensus';
export { COUNT_BASE, decodeCensus } from './censusLayout';
export type { Census } from './censusLayout';
export { LOSS_ENTRIES, LOSS_IDS, getLoss, lossEntry, registerLoss } from './registry';
export type { LossFn, LossExtras, LossId, LossOptionsById } from './registry';
export { SOFTMAX_TRIPLET_PARTS } from './losses/softmaxTriplet';
export type { SoftmaxTripletPart } from './losses/softmaxTriplet';
export { BASE_OPTION_SPECS, BASE_DEFAULTS } from './lossInfo';
export type { LossInfo, InspectorSelection, LossInputName, LossPython } from './lossInfo';
export { defineLoss, lossInfoOf, runLoss } from './lossEntry';
export type { LossEntry } from './lossEntry';
export { unpackStepStats, STEP_STATS_LENGTH, HISTOGRAM_BINS } from './statsLayout';
export type { StepStats } from './statsLayout';
export { drawRandomTriplets, mineOfflineHard } from './miners';
export type { TripletIndexArrays, OfflineHardMinerOptions } from './miners';
export { ohnmSeed } from './mining/moderatelyHardNegative';
export { angularLambda } from './losses/angularTriplet';
export { softmaxCrossEntropy } from './losses/softmaxTriplet';
export { naiveTripletCensus, naiveBatchAll, naiveCubeBytes } from './naive';
export type {
  BaseLossOptions,
  LossInput,
  LossOutput,
  OptionSpec,
  TripletIndices,
} from './types';
export type {
  AngularTripletOptions,
  BatchAllOptions,
  BatchAllReduction,
  BatchOhnmOptions,
  OfflineHardOptions,
  QuadrupletOptions,
  SemiHardFallback,
  SemiHardOptions,
  SoftmaxTripletOptions,
} from './catalog';
/** The losses by id, as the registry holds them (the page reads the same data from ./catalog, without tfjs). */
export { LOSSES } from './liveCatalog';
