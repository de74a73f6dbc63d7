/**
 * semiHard (Schroff, Kalenichenko & Philbin 2015, FaceNet; seed 001): every positive pair (a, p) takes the closest
 * negative farther than the positive, d_an > d_ap (optionally also d_an < d_ap + m). When there is none:
 * `skip` drops the pair (pytorch-metric-learning) or `farthestNegative` takes the anchor's farthest negative
 * (TF Addons `TripletSemiHardLoss`, TF Similarity). Loss = mean hinge over the pairs kept.
 * The search is a binary search in the anchor's sorted negatives: O(B² log B).
 */
import * as tf from '@tensorflow/tfjs-core';
import { semiHardInfo } from '../catalog/semiHard';
import type { SemiHardOptions } from '../catalog/semiHard';
import type { PreparedBatch } from '../batch';
import { pairHinge } from '../pairHinge';
import type { LossEntry } from '../lossEntry';
import { gatherRows, noGrad, rowMajorIndex } from '../stopGradient';
import type { LossResult } from '../types';

function semiHardBody(batch: PreparedBatch, options: SemiHardOptions): LossResult {
  const { b, dist, masks, negatives } = batch;
  const m = options.margin;
  const keep = tf.tidy(() =>
    noGrad(dist, () =>
      tf.tidy(() => {
        const idx = tf.searchSorted(negatives.values, dist, 'right');
        const safeIdx = tf.minimum(idx, tf.scalar(b - 1, 'int32'));
        let found = tf.logicalAnd(masks.positive, tf.less(tf.cast(idx, 'float32'), masks.negativeCount.reshape([b, 1])));
        if (options.upperBound) {
          const candidate = gatherRows(negatives.values, safeIdx);
          found = tf.logicalAnd(found, tf.less(candidate, tf.add(dist, m)));
        }
        const hasNegative = tf.greater(masks.negativeCount, 0).reshape([b, 1]);
        const kept =
          options.fallback === 'skip' ? found : tf.logicalAnd(masks.positive, tf.logicalAnd(hasNegative, tf.onesLike(found)));
        return tf.stack([tf.cast(found, 'float32'), tf.cast(kept, 'float32'), tf.cast(safeIdx, 'float32')]);
      }),
    ),
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
  const kept = tf.squeeze(tf.slice(keep, [1, 0, 0], [1, b, b]), [0]);
  return pairHinge(dist, flat, kept, m);
}

export const semiHardEntry: LossEntry<SemiHardOptions> = {
  ...semiHardInfo,
  body: (batch, _input, options) => semiHardBody(batch, options),
};
