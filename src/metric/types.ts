/**
 * Types shared by every loss: what goes in, what comes out, how the options are described for the UI.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DistanceName } from './distance';

/** Options every loss takes. The margin is read on every call, so a schedule can change it each step. */
export interface BaseLossOptions {
  /** Margin `m ≥ 0` of the hinge, and of the census. */
  margin: number;
  distance: DistanceName;
  /** L2-normalise the embeddings before measuring distances (default true). */
  normalize: boolean;
}

/**
 * Explicit triplets for the losses whose selection comes from outside the batch (randomTriplets, offlineHard):
 * three int32 [T] tensors of row indices into the batch. Entries whose identities do not form a valid triplet are
 * ignored. The caller owns them.
 */
export interface TripletIndices {
  anchor: tf.Tensor1D;
  positive: tf.Tensor1D;
  negative: tf.Tensor1D;
}

/** One batch as a loss sees it. The caller owns every tensor. */
export interface LossInput {
  /** [B, D] float32 raw embeddings (the loss normalises them when `normalize` is set). */
  embeddings: tf.Tensor2D;
  /** [B] int32 identity ids. */
  labels: tf.Tensor1D;
  /** randomTriplets / offlineHard: the triplets to train on. */
  triplets?: TripletIndices;
  /** softmaxTriplet: [B, C] float32 logits of the model's identity-classification head. */
  logits?: tf.Tensor2D;
  /** softmaxTriplet: [B] int32 class index of each image in that head (0 … C − 1). */
  classIndices?: tf.Tensor1D;
  /** Training step, for λ annealing (angularTriplet) and the seeded draws of batchOhnm. Default 0. */
  step?: number;
  /**
   * The values of `labels` on the host, when the caller has them (the trainer builds `labels` from them). Optional
   * and never read back from the tensor: with them, batches whose anchors have few positives (P×K) get the census
   * and batchAll without a sort (positiveSlots.ts); the results are the same.
   */
  labelValues?: ArrayLike<number>;
}

/**
 * What every loss returns. The caller owns both tensors.
 * Inside `tf.variableGrads`/`optimizer.minimize` only the returned scalar survives the forward tidy, so keep the
 * stats with `tf.keep(out.stats)` there, and dispose them after reading them (`unpackStepStats`).
 */
export interface LossOutput {
  /** Scalar float32 loss; 0 with a zero gradient when the batch has no positive pair. */
  loss: tf.Scalar;
  /** [STEP_STATS_LENGTH] float32 step statistics, layout in stats.ts; no gradient flows through it. */
  stats: tf.Tensor1D;
}

/** One option of a loss, described for the UI. */
export type OptionSpec =
  | { name: string; type: 'number'; default: number; min: number; max: number; description: string }
  | { name: string; type: 'integer'; default: number; min: number; max: number; description: string }
  | { name: string; type: 'boolean'; default: boolean; description: string }
  | { name: string; type: 'choice'; default: string; choices: readonly string[]; description: string };

/** The triplets a miner chose, for the selection census: the whole population or an explicit list. */
export type Selection =
  | { kind: 'population' }
  /** A census computed by the loss itself ([8], CENSUS layout in census.ts). */
  | { kind: 'census'; census: tf.Tensor1D }
  | {
      kind: 'triplets';
      /** d(a, p) per selected triplet (any shape). */
      apDist: tf.Tensor;
      /** d(a, n) per selected triplet (same shape). */
      anDist: tf.Tensor;
      /** 1 where the entry is a selected triplet, 0 for padding (same shape). */
      valid: tf.Tensor;
    };

/** What a loss body computes from a prepared batch; `runLoss` turns it into a LossOutput. */
export interface LossResult {
  loss: tf.Scalar;
  selection: Selection;
}
