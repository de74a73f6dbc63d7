/**
 * The FaceNet semi-hard miner (Schroff, Kalenichenko & Philbin 2015): every positive pair (a, p) takes the closest
 * negative farther than the positive, d_an > d_ap (optionally also d_an < d_ap + m). When there is none: `skip`
 * drops the pair (pytorch-metric-learning) or `farthestNegative` takes the anchor's farthest negative (TF Addons).
 * A binary search in the anchor's sorted negatives: O(B² log B).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { gatherRows, noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { MinedTriplets } from './tripletSelection';

export type SemiHardFallback = 'skip' | 'farthestNegative';

/** [B, B] triplets, one per pair (a, p). Call inside `tf.tidy`. */
export function semiHardNegative(batch: PreparedBatch, margin: number, fallback: SemiHardFallback, upperBound: boolean): MinedTriplets {
  const { b, dist, masks, negatives } = batch;
  const keep = noGrad(dist, () =>
    tf.tidy(() => {
      const idx = tf.searchSorted(negatives.values, dist, 'right');
      const safeIdx = tf.minimum(idx, tf.scalar(b - 1, 'int32'));
      let found = tf.logicalAnd(masks.positive, tf.less(tf.cast(idx, 'float32'), masks.negativeCount.reshape([b, 1])));
      if (upperBound) {
        const candidate = gatherRows(negatives.values, safeIdx);
        found = tf.logicalAnd(found, tf.less(candidate, tf.add(dist, margin)));
      }
      const hasNegative = tf.greater(masks.negativeCount, 0).reshape([b, 1]);
      const kept = fallback === 'skip' ? found : tf.logicalAnd(masks.positive, tf.logicalAnd(hasNegative, tf.onesLike(found)));
      return tf.stack([tf.cast(found, 'float32'), tf.cast(kept, 'float32'), tf.cast(safeIdx, 'float32')]);
    }),
  );
  const flat = noGrad(dist, () =>
    tf.tidy(() => {
      const [found, , safeIdx] = tf.unstack(keep) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const column = gatherRows(negatives.order, tf.cast(safeIdx, 'int32'));
      const farthest = tf.argMax(tf.where(masks.negative, dist, tf.fill(dist.shape, -Infinity)), 1);
      const chosen = tf.where(tf.cast(found, 'bool'), column, tf.tile(farthest.reshape([b, 1]), [1, b]));
      return rowMajorIndex(chosen, b);
    }),
  );
  const valid = tf.squeeze(tf.slice(keep, [1, 0, 0], [1, b, b]), [0]);
  return { apDist: dist, anDist: takeFlat(dist, flat), valid };
}
