/**
 * batchHard and batchHardSoft (Hermans, Beyer & Leibe 2017; seed 002): per anchor the hardest positive
 * `max_p d_ap` and the hardest negative `min_n d_an`; hinge with margin, or the soft margin `softplus` without one.
 * Anchors without a positive or a negative in the batch are left out of the mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import { BASE_DEFAULTS } from '../lossEntry';
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
  id: 'batchHard',
  label: 'Batch hard',
  description: 'Per anchor, the farthest positive against the nearest negative of the batch.',
  explanation:
    'Each anchor is paired with its hardest positive (the farthest image of its identity) and its hardest negative ' +
    '(the nearest image of another identity) within the P×K batch. Hermans et al. found it the strongest online ' +
    'miner for re-identification; with a bad start it can collapse all embeddings to one point.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \left[ \max_p d_{ap} - \min_n d_{an} + m \right]_+`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  body: (batch, _input, options) => body(batch, options, false),
};

export const batchHardSoftEntry: LossEntry<BaseLossOptions> = {
  id: 'batchHardSoft',
  label: 'Batch hard, soft margin',
  description: 'Batch hard with softplus instead of a hinge: no margin, never exactly zero.',
  explanation:
    'The soft-margin variant replaces [x + m]_+ with ln(1 + e^x): the loss keeps pulling positives closer even ' +
    'after the margin is met. At collapse (all distances 0) it sits at ln 2 ≈ 0.693. The margin setting only ' +
    'affects the census.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \ln\!\left(1 + e^{\max_p d_{ap} - \min_n d_{an}}\right)`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  body: (batch, _input, options) => body(batch, options, true),
};
