/**
 * Margin sample mining loss (Xiao, Luo, Zheng & Zhang 2017, "Margin Sample Mining Loss"): one term per batch,
 * the hardest positive pair against the hardest negative pair of the whole batch,
 * [max_{y_i=y_j} d_ij − min_{y_i≠y_j} d_ij + m]_+. The selection census counts that one (pair, pair) as a triplet.
 */
import * as tf from '@tensorflow/tfjs-core';
import { msmlInfo } from '../catalog/msml';
import type { PreparedBatch } from '../batch';
import type { LossEntry } from '../lossEntry';
import { noGrad, takeFlat } from '../stopGradient';
import type { BaseLossOptions, LossResult } from '../types';

function msmlBody(batch: PreparedBatch, options: BaseLossOptions): LossResult {
  const { dist, masks } = batch;
  const indices = noGrad(dist, () =>
    tf.tidy(() => {
      const p = tf.argMax(tf.reshape(tf.where(masks.positive, dist, tf.fill(dist.shape, -Infinity)), [-1]));
      const n = tf.argMin(tf.reshape(tf.where(masks.negative, dist, tf.fill(dist.shape, Infinity)), [-1]));
      return tf.stack([p, n]);
    }),
  );
  const valid = noGrad(dist, () =>
    tf.tidy(() => tf.cast(tf.logicalAnd(tf.any(masks.positive), tf.any(masks.negative)), 'float32').reshape([1])),
  );
  const pair = takeFlat(dist, indices);
  const apDist = tf.slice(pair, [0], [1]);
  const anDist = tf.slice(pair, [1], [1]);
  const loss = tf.sum(tf.mul(valid, tf.relu(tf.add(tf.sub(apDist, anDist), options.margin)))) as tf.Scalar;
  return { loss, selection: { kind: 'triplets', apDist, anDist, valid } };
}

export const msmlEntry: LossEntry<BaseLossOptions> = {
  ...msmlInfo,
  body: (batch, _input, options) => msmlBody(batch, options),
};
