/**
 * randomTriplets (FaceNet's baseline; seed 000 method 1) and offlineHard (seed 001 option 1): the triplets come
 * from outside the batch, as index lists (`LossInput.triplets`), and the loss is `mean≠0 [d_ap − d_an + m]_+`.
 * Entries that are not valid triplets of the batch's labels are ignored.
 */
import * as tf from '@tensorflow/tfjs-core';
import { randomTripletsInfo, offlineHardInfo } from '../catalog/explicitTriplets';
import type { OfflineHardOptions } from '../catalog/explicitTriplets';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import type { LossEntry } from '../lossEntry';
import { noGrad, takeFlat } from '../stopGradient';
import type { BaseLossOptions, LossInput, LossResult } from '../types';

function explicitBody(batch: PreparedBatch, input: LossInput, options: BaseLossOptions): LossResult {
  const { b, dist } = batch;
  const triplets = input.triplets;
  if (!triplets) throw new Error('randomTriplets/offlineHard need LossInput.triplets (anchor, positive, negative).');
  const { anchor, positive, negative } = triplets;
  const labels = input.labels;
  const flat = noGrad(dist, () =>
    tf.tidy(() => {
      const rowStart = tf.mul(anchor, tf.scalar(b, 'int32'));
      return tf.stack([tf.add(rowStart, positive), tf.add(rowStart, negative)]);
    }),
  );
  const validMask = noGrad(dist, () =>
    tf.tidy(() => {
      const ya = tf.gather(labels, anchor);
      const ok = tf.logicalAnd(
        tf.logicalAnd(tf.equal(ya, tf.gather(labels, positive)), tf.notEqual(anchor, positive)),
        tf.notEqual(ya, tf.gather(labels, negative)),
      );
      return tf.cast(ok, 'float32');
    }),
  );
  const pair = takeFlat(dist, flat);
  const [apDist, anDist] = tf.unstack(pair) as [tf.Tensor1D, tf.Tensor1D];
  const hinge = tf.mul(validMask, tf.relu(tf.add(tf.sub(apDist, anDist), options.margin)));
  const active = noGrad(dist, () => tf.tidy(() => tf.sum(tf.cast(tf.greater(hinge, 0), 'float32'))));
  return {
    loss: safeMean(tf.sum(hinge), active),
    selection: { kind: 'triplets', apDist, anDist, valid: validMask },
  };
}

export const randomTripletsEntry: LossEntry<BaseLossOptions> = {
  ...randomTripletsInfo,
  body: explicitBody,
};

export const offlineHardEntry: LossEntry<OfflineHardOptions> = {
  ...offlineHardInfo,
  body: explicitBody,
};
