/**
 * batchHard and batchHardSoft (Hermans, Beyer & Leibe 2017; seed 002): per anchor the hardest positive
 * `max_p d_ap` and the hardest negative `min_n d_an`; hinge with margin, or the soft margin `softplus` without one.
 * Anchors without a positive or a negative in the batch are left out of the mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchHardInfo, batchHardSoftInfo } from '../catalog/batchHard';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import type { LossEntry } from '../lossEntry';
import { noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { BaseLossOptions, LossResult } from '../types';

export interface HardestPerAnchor {
  /** [B] d(a, hardest positive). */
  apDist: tf.Tensor1D;
  /** [B] d(a, hardest negative). */
  anDist: tf.Tensor1D;
  /** [B] 1 where the anchor has both a positive and a negative. */
  valid: tf.Tensor1D;
}

/** Hardest positive and negative of each anchor, differentiable in `batch.dist`. Call inside `tf.tidy`. */
export function hardestPerAnchor(batch: PreparedBatch): HardestPerAnchor {
  const { b, dist, masks } = batch;
  const indices = noGrad(dist, () =>
    tf.tidy(() => {
      const p = tf.argMax(tf.where(masks.positive, dist, tf.fill(dist.shape, -Infinity)), 1);
      const n = tf.argMin(tf.where(masks.negative, dist, tf.fill(dist.shape, Infinity)), 1);
      return tf.stack([rowMajorIndex(p, b), rowMajorIndex(n, b)]);
    }),
  );
  const valid = noGrad(dist, () =>
    tf.tidy(() =>
      tf.cast(tf.logicalAnd(tf.greater(masks.positiveCount, 0), tf.greater(masks.negativeCount, 0)), 'float32'),
    ),
  ) as tf.Tensor1D;
  const both = takeFlat(dist, indices);
  const [apDist, anDist] = tf.unstack(both) as [tf.Tensor1D, tf.Tensor1D];
  return { apDist, anDist, valid };
}

function body(batch: PreparedBatch, options: BaseLossOptions, soft: boolean): LossResult {
  const { apDist, anDist, valid } = hardestPerAnchor(batch);
  const gap = tf.sub(apDist, anDist);
  const term = soft ? tf.softplus(gap) : tf.relu(tf.add(gap, options.margin));
  return {
    loss: safeMean(tf.sum(tf.mul(valid, term)), tf.sum(valid)),
    selection: { kind: 'triplets', apDist, anDist, valid },
  };
}

export const batchHardEntry: LossEntry<BaseLossOptions> = {
  ...batchHardInfo,
  body: (batch, _input, options) => body(batch, options, false),
};

export const batchHardSoftEntry: LossEntry<BaseLossOptions> = {
  ...batchHardSoftInfo,
  body: (batch, _input, options) => body(batch, options, true),
};
