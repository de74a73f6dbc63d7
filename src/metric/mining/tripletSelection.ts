/** What an in-batch miner returns: the distances of the triplets it picked, with a 0/1 mask (pytorch-metric-learning's
 * miner output, as distances instead of indices). Every tensor belongs to the caller's tidy. */
import type * as tf from '@tensorflow/tfjs-core';

export interface MinedTriplets {
  /** d(a, p) per picked triplet, differentiable in the batch's distances (any shape). */
  apDist: tf.Tensor;
  /** d(a, n), same shape. */
  anDist: tf.Tensor;
  /** 1 where the entry is a picked triplet, 0 for padding (same shape). */
  valid: tf.Tensor;
}
