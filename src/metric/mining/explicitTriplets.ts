/**
 * The triplets that come from outside the batch (LossInput.triplets: the sampler's random draws, the offline
 * miner's picks), as distances. Entries that are not valid triplets of the batch's labels are masked out.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { noGrad, takeFlat } from '../stopGradient';
import type { TripletIndices } from '../types';
import type { MinedTriplets } from './tripletSelection';

/** [T] triplets. Call inside `tf.tidy`. */
export function explicitTriplets(batch: PreparedBatch, labels: tf.Tensor1D, triplets: TripletIndices): MinedTriplets {
  const { b, dist } = batch;
  const { anchor, positive, negative } = triplets;
  const flat = noGrad(dist, () =>
    tf.tidy(() => {
      const rowStart = tf.mul(anchor, tf.scalar(b, 'int32'));
      return tf.stack([tf.add(rowStart, positive), tf.add(rowStart, negative)]);
    }),
  );
  const valid = noGrad(dist, () =>
    tf.tidy(() => {
      const ya = tf.gather(labels, anchor);
      const ok = tf.logicalAnd(
        tf.logicalAnd(tf.equal(ya, tf.gather(labels, positive)), tf.notEqual(anchor, positive)),
        tf.notEqual(ya, tf.gather(labels, negative)),
      );
      return tf.cast(ok, 'float32');
    }),
  );
  const [apDist, anDist] = tf.unstack(takeFlat(dist, flat)) as [tf.Tensor1D, tf.Tensor1D];
  return { apDist, anDist, valid };
}
