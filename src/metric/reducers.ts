/**
 * Reducers, as pytorch-metric-learning names them: how a loss's per-triplet (or per-pair) terms become one scalar.
 * Each takes the terms and a 0/1 mask of the entries that exist (padding and invalid triplets are 0), same shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { safeMean } from './batch';
import { noGrad } from './stopGradient';

/** Mean over the valid entries (PML's MeanReducer on the mined triplets). Call inside `tf.tidy`. */
export function meanReducer(terms: tf.Tensor, valid: tf.Tensor): tf.Scalar {
  return safeMean(tf.sum(tf.mul(valid, terms)), tf.sum(valid));
}

/** Mean over the valid entries whose term is non-zero (PML's AvgNonZeroReducer, Hermans' "mean≠0"). */
export function avgNonZeroReducer(terms: tf.Tensor, valid: tf.Tensor): tf.Scalar {
  const kept = tf.mul(valid, terms);
  // The count is a constant of the step: computed off the tape (comparisons have no gradient in tfjs).
  const active = noGrad(kept, () => tf.tidy(() => tf.sum(tf.cast(tf.greater(kept, 0), 'float32'))));
  return safeMean(tf.sum(kept), active);
}

/** [d_ap − d_an + m]_+, the triplet hinge. */
export function tripletHinge(apDist: tf.Tensor, anDist: tf.Tensor, margin: number): tf.Tensor {
  return tf.relu(tf.add(tf.sub(apDist, anDist), margin));
}
