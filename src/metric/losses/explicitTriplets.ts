/**
 * randomTriplets (FaceNet's baseline; seed 000 method 1) and offlineHard (seed 001 option 1): the triplets come
 * from outside the batch, as index lists (`LossInput.triplets`), and the loss is `mean≠0 [d_ap − d_an + m]_+`.
 * Entries that are not valid triplets of the batch's labels are ignored.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import { BASE_DEFAULTS } from '../lossEntry';
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
  id: 'randomTriplets',
  label: 'Random triplets',
  description: 'Triplets drawn uniformly from the whole training set, not mined in the batch.',
  explanation:
    'The baseline: anchor, positive and negative are drawn at random among all valid triplets of the training ' +
    'set (drawRandomTriplets). Most are easy, so most terms are zero and learning slows down as the model improves; ' +
    'the census shows it.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\{\ell > 0\}|} \sum_{(a,p,n)} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Schroff et al. 2015, FaceNet, baseline; method 1 of Wang, Zhang & Lan 2017',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  body: explicitBody,
};

export interface OfflineHardOptions extends BaseLossOptions {
  /** Trainer: steps between two refreshes of the mined triplets. */
  refreshEvery: number;
  /** Trainer: images embedded per refresh. */
  subsetSize: number;
  /** mineOfflineHard: hardest negative, or the closest one farther than the positive. */
  negative: 'hardest' | 'semiHard';
}

export const offlineHardEntry: LossEntry<OfflineHardOptions> = {
  id: 'offlineHard',
  label: 'Offline hard mining',
  description: 'Every n steps, mine hardest triplets on an embedded subset; train on them until the next refresh.',
  explanation:
    'Every n steps the trainer embeds a random subset of the training set with the current model and keeps, per ' +
    'anchor, the hardest positive and the hardest (or a semi-hard) negative of that subset (mineOfflineHard). ' +
    'Those triplets are trained on until the next refresh, so they grow stale as the model moves.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\{\ell > 0\}|} \sum_{(a,p,n)} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Schroff et al. 2015, FaceNet, offline triplet generation',
  options: [
    { name: 'refreshEvery', type: 'integer', default: 50, min: 1, max: 10000, description: 'Steps between refreshes (the trainer reads it).' },
    { name: 'subsetSize', type: 'integer', default: 512, min: 16, max: 8192, description: 'Images embedded per refresh.' },
    {
      name: 'negative',
      type: 'choice',
      default: 'hardest',
      choices: ['hardest', 'semiHard'],
      description: 'Hardest negative, or the closest one farther than the positive (hardest when none).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, refreshEvery: 50, subsetSize: 512, negative: 'hardest' },
  body: explicitBody,
};
