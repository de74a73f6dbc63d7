/**
 * The batch-hard miner (Hermans, Beyer & Leibe 2017; PML's BatchHardMiner): per anchor its farthest positive and its
 * nearest negative. Anchors without a positive or a negative are masked out.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { MinedTriplets } from './tripletSelection';

/** [B] triplets, differentiable in `batch.dist`. Call inside `tf.tidy`. */
export function hardestPerAnchor(batch: PreparedBatch): MinedTriplets {
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
  );
  const both = takeFlat(dist, indices);
  const [apDist, anDist] = tf.unstack(both) as [tf.Tensor1D, tf.Tensor1D];
  return { apDist, anDist, valid };
}
