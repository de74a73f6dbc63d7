/**
 * Lifted structured loss (Song, Xiang, Jegelka & Savarese 2016, "Deep Metric Learning via Lifted Structured
 * Feature Embedding"): every positive pair (i, j) against all negatives of both i and j,
 * J_ij = log(Σ_{n∈N(i)} e^{m − d_in} + Σ_{n∈N(j)} e^{m − d_jn}) + d_ij, loss = 1/(2|P|) Σ [J_ij]_+².
 * The log-sum-exp is shifted by each row's maximum (held constant; J does not depend on it). Summing over ordered
 * pairs gives the same value as over unordered ones, since J_ij = J_ji.
 */
import * as tf from '@tensorflow/tfjs-core';
import { liftedInfo } from '../catalog/lifted';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import type { LossEntry } from '../lossEntry';
import { noGrad } from '../stopGradient';
import type { BaseLossOptions, LossResult } from '../types';

/** exp(−1e4) is 0 in float32: masked entries vanish from the sums without an Inf. */
const MASKED_EXPONENT = -1e4;

function liftedBody(batch: PreparedBatch, options: BaseLossOptions): LossResult {
  const { b, dist, masks } = batch;
  const logits = tf.sub(options.margin, dist);
  const rowMax = noGrad(dist, () =>
    tf.tidy(() => {
      const max = tf.max(tf.where(masks.negative, logits, tf.fill(dist.shape, -Infinity)), 1);
      return tf.where(tf.greater(masks.negativeCount, 0), max, tf.zerosLike(max));
    }),
  ).reshape([b, 1]);
  const shifted = tf.where(masks.negative, tf.sub(logits, rowMax), tf.fill(dist.shape, MASKED_EXPONENT));
  const rowSum = tf.sum(tf.exp(shifted), 1, true);
  const maxI = rowMax;
  const maxJ = tf.reshape(rowMax, [1, b]);
  // Held constant (and built off the tape: tfjs's Maximum gradient does not reduce broadcast shapes).
  const pairMax = noGrad(dist, () => tf.maximum(maxI, maxJ));
  const inner = tf.add(
    tf.mul(tf.exp(tf.sub(maxI, pairMax)), rowSum),
    tf.mul(tf.exp(tf.sub(maxJ, pairMax)), tf.reshape(rowSum, [1, b])),
  );
  const hasNegative = tf.greater(masks.negativeCount, 0);
  const pairHasNegative = tf.logicalOr(tf.reshape(hasNegative, [b, 1]), tf.reshape(hasNegative, [1, b]));
  const valid = tf.cast(tf.logicalAnd(masks.positive, pairHasNegative), 'float32');
  const j = tf.add(tf.add(pairMax, tf.log(tf.maximum(inner, 1e-30))), dist);
  const terms = tf.mul(valid, tf.square(tf.relu(j)));
  return {
    loss: safeMean(tf.sum(terms), tf.mul(2, tf.sum(valid))),
    selection: { kind: 'population' },
  };
}

export const liftedEntry: LossEntry<BaseLossOptions> = {
  ...liftedInfo,
  body: (batch, _input, options) => liftedBody(batch, options),
};
