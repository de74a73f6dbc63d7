/**
 * Per-anchor sorted distances: the one sort behind the census, the semi-hard search and batchAll.
 * O(B² log B) time, O(B²) memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows, noGrad } from './stopGradient';

export interface SortedRows {
  /** [B, B] int32: column indices of the masked entries of each row, nearest first, unmasked columns after. */
  order: tf.Tensor2D;
  /** [B, B] float32, no gradient: the distances in that order, `+Infinity` past the masked entries. */
  values: tf.Tensor2D;
}

/**
 * Sorts each row's masked distances ascending. Runs off the gradient tape.
 * @param dist [B, B] float32
 * @param mask [B, B] bool: which entries take part (e.g. the negatives of each anchor)
 * @returns tensors the caller owns
 */
export function sortRows(dist: tf.Tensor2D, mask: tf.Tensor2D): SortedRows {
  return tf.tidy(() => {
    const b = dist.shape[1];
    const order = noGrad(dist, () =>
      tf.tidy(() => {
        const masked = tf.where(mask, tf.neg(dist), tf.fill(dist.shape, -Infinity));
        return tf.topk(masked, b, true).indices;
      }),
    ) as tf.Tensor2D;
    const values = noGrad(dist, () =>
      tf.tidy(() => {
        const inf = tf.fill(dist.shape, Infinity);
        return gatherRows(tf.where(mask, dist, inf), order);
      }),
    ) as tf.Tensor2D;
    return { order, values };
  });
}
