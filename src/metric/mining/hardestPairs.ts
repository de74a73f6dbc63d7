/**
 * The margin-sample miner (Xiao, Luo, Zheng & Zhang 2017, MSML): one (pair, pair) per batch, the farthest positive
 * pair against the nearest negative pair of the whole batch; invalid when the batch has no positive or no negative.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { noGrad, takeFlat } from '../stopGradient';
import type { MinedTriplets } from './tripletSelection';

/** [1] triplet. Call inside `tf.tidy`. */
export function hardestPairs(batch: PreparedBatch): MinedTriplets {
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
  return { apDist: tf.slice(pair, [0], [1]), anDist: tf.slice(pair, [1], [1]), valid };
}
