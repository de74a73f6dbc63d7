/**
 * Per-anchor sorted distances: the one sort behind the sort-based census, the semi-hard search and batchAll.
 * O(B² log B) time, O(B²) memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import { offTape } from './stopGradient';

export interface SortedRows {
  /** [B, B] int32: column indices of the masked entries of each row, nearest first, unmasked columns after. */
  order: tf.Tensor2D;
  /** [B, B] float32, no gradient: the distances in that order, `+Infinity` past the masked entries. */
  values: tf.Tensor2D;
}

/**
 * Sorts each row's masked distances ascending, off the gradient tape. One TopK gives both the order and the values
 * (`−(−d) = d` exactly, `−(−∞) = +∞`), so no gather follows it (on wasm at B = 1,800 the gather and its index
 * arithmetic cost twice the TopK).
 * @param dist [B, B] float32
 * @param mask [B, B] bool: which entries take part (e.g. the negatives of each anchor)
 * @returns tensors the caller owns
 */
export function sortRows(dist: tf.Tensor2D, mask: tf.Tensor2D): SortedRows {
  return offTape(() =>
    tf.tidy(() => {
      const masked = tf.where(mask, tf.neg(dist), tf.fill(dist.shape, -Infinity));
      const { values, indices } = tf.topk(masked, dist.shape[1], true);
      return { order: indices as tf.Tensor2D, values: tf.neg(values) as tf.Tensor2D };
    }),
  );
}
