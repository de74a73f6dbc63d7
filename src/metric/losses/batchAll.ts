/**
 * batchAll (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss for Person Re-Identification"; seed 002):
 * the hinge over every valid triplet of the batch, without a B×B×B tensor.
 *
 * Per pair (a, p) with v = d_ap + m and the anchor's negatives sorted ascending,
 * Σ_n [v − d_an]_+ = cnt · v − (sum of the cnt smallest d_an), cnt = #{n : d_an < v},
 * found by binary search and an exclusive cumulative sum: O(B² log B) time, O(B²) memory.
 * The gradient is analytic: ∂/∂d_ap = cnt, ∂/∂d_an = −#{p : d_an < d_ap + m}, over the reduction's N.
 * Precision: the cumulative sum runs in float32, so each pair's term carries an absolute error of about
 * (sum of its negatives' distances) · 1e-7.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchAllInfo } from '../catalog/batchAll';
import type { BatchAllReduction, BatchAllOptions } from '../catalog/batchAll';
import type { PreparedBatch } from '../batch';
import type { LossEntry } from '../lossEntry';
import { customOp, gatherRows } from '../stopGradient';
import type { LossResult } from '../types';

/**
 * Mean hinge over all valid triplets, from the distance matrix.
 * @returns scalar loss, differentiable in `batch.dist` (caller owns it)
 */
export function batchAllFromDistances(batch: PreparedBatch, margin: number, reduction: BatchAllReduction): tf.Scalar {
  const { b, masks, negatives, positives } = batch;
  const op = customOp<tf.Scalar>(([input], save) => {
    const dist = input as tf.Tensor2D;
    const [value, gradient] = tf.tidy(() => {
      const pos = tf.cast(masks.positive, 'float32');
      const neg = tf.cast(masks.negative, 'float32');
      const column = tf.range(0, b, 1, 'float32').reshape([1, b]);
      const finite = tf.where(tf.less(column, masks.negativeCount.reshape([b, 1])), negatives.values, tf.zerosLike(dist));
      const prefix = tf.cumsum(finite, 1, true);
      const v = tf.add(dist, margin);
      const cntInt = tf.searchSorted(negatives.values, v, 'left');
      const cnt = tf.mul(pos, tf.cast(cntInt, 'float32'));
      const below = gatherRows(prefix, cntInt);
      const sum = tf.sum(tf.mul(pos, tf.sub(tf.mul(cnt, v), below)));
      const n =
        reduction === 'mean' ? tf.sum(tf.mul(masks.positiveCount, masks.negativeCount)) : tf.sum(cnt);
      const scale = tf.div(1, tf.maximum(n, 1));
      // #{p : d_ap + m > d_an} for each (a, n): positives sorted ascending, shifted by m, searched from the right.
      const shifted = tf.add(positives.values, margin);
      const notAbove = tf.cast(tf.searchSorted(shifted, dist, 'right'), 'float32');
      const perNegative = tf.mul(neg, tf.sub(masks.positiveCount.reshape([b, 1]), notAbove));
      const grad = tf.mul(tf.sub(cnt, perNegative), scale);
      return [tf.mul(sum, scale) as tf.Scalar, grad];
    });
    save([gradient]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0] as tf.Tensor),
    };
  });
  return op(batch.dist);
}

export const batchAllEntry: LossEntry<BatchAllOptions> = {
  ...batchAllInfo,
  body: (batch, _input, options): LossResult => ({
    loss: batchAllFromDistances(batch, options.margin, options.reduction),
    selection: { kind: 'population' },
  }),
};
