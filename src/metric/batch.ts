/**
 * The shared first half of every loss: distances, identity masks and the sorted negatives, computed once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pairwiseDistance } from './distance';
import type { DistanceName } from './distance';
import { identityMasks } from './masks';
import type { IdentityMasks } from './masks';
import { sortRows } from './sortedRows';
import type { SortedRows } from './sortedRows';

export interface PreparedBatch {
  b: number;
  /** [B, B] float32 distances, differentiable in the embeddings. */
  dist: tf.Tensor2D;
  masks: IdentityMasks;
  /** Each anchor's negatives, nearest first. */
  negatives: SortedRows;
  /** Each anchor's positives, nearest first. */
  positives: SortedRows;
  /** [B] L2 norms of the raw embeddings. */
  norms: tf.Tensor1D;
  /** Scalar 1 when the batch has no positive pair, else 0. */
  noPositives: tf.Scalar;
}

/**
 * Call inside `tf.tidy`; the tensors belong to that scope.
 * @param embeddings [B, D] float32
 * @param labels [B] int32
 */
export function prepareBatch(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  distance: DistanceName,
  normalize: boolean,
): PreparedBatch {
  const b = embeddings.shape[0];
  const dist = pairwiseDistance(embeddings, distance, normalize);
  const masks = identityMasks(labels);
  const negatives = sortRows(dist, masks.negative);
  const positives = sortRows(dist, masks.positive);
  const norms = tf.norm(embeddings, 'euclidean', 1) as tf.Tensor1D;
  const noPositives = tf.cast(tf.equal(tf.sum(masks.positiveCount), 0), 'float32') as tf.Scalar;
  return { b, dist, masks, negatives, positives, norms, noPositives };
}

/** `numerator / max(denominator, 1)`: a mean over zero terms is 0, never NaN. */
export function safeMean(numerator: tf.Tensor, denominator: tf.Tensor): tf.Scalar {
  return tf.div(numerator, tf.maximum(denominator, 1)) as tf.Scalar;
}
