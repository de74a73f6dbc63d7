/**
 * The online "moderately hard" negative miner (OHNM; Wang, Zhang & Lan 2017; VGG Face's rule): every positive pair
 * (a, p) draws a negative uniformly among those violating the margin, d_an < d_ap + m, after dropping the nearest
 * `excludeHardestFraction` of the anchor's negatives (label noise). Pairs without a candidate are masked out. Draws
 * are seeded: `tf.randomUniform` (seedrandom's alea) with `ohnmSeed(seed, step)`; export/python/losses.py ports alea.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { gatherRows, noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { MinedTriplets } from './tripletSelection';

/** The seed of the [B, B] uniform draws of one step. */
export function ohnmSeed(seed: number, step: number): number {
  return (Math.imul(seed | 0, 1000003) + Math.imul(step | 0, 7919)) >>> 0;
}

/** [B, B] triplets, one per pair (a, p). Call inside `tf.tidy`. */
export function moderatelyHardNegative(batch: PreparedBatch, margin: number, excludeHardestFraction: number, seed: number): MinedTriplets {
  const { b, dist, masks, negatives } = batch;
  const picked = noGrad(dist, () =>
    tf.tidy(() => {
      const lo = tf.floor(tf.mul(masks.negativeCount, excludeHardestFraction)).reshape([b, 1]);
      const hi = tf.cast(tf.searchSorted(negatives.values, tf.add(dist, margin), 'left'), 'float32');
      const ok = tf.logicalAnd(masks.positive, tf.greater(hi, lo));
      const u = tf.randomUniform([b, b], 0, 1, 'float32', seed);
      const position = tf.clipByValue(tf.add(lo, tf.floor(tf.mul(u, tf.sub(hi, lo)))), 0, b - 1);
      const clamped = tf.minimum(position, tf.maximum(tf.sub(hi, 1), 0));
      const column = gatherRows(negatives.order, tf.cast(clamped, 'int32'));
      return tf.stack([tf.cast(ok, 'int32'), rowMajorIndex(column, b)]);
    }),
  );
  const [okInt, flat] = tf.unstack(picked) as [tf.Tensor2D, tf.Tensor2D];
  return { apDist: dist, anDist: takeFlat(dist, flat), valid: tf.cast(okInt, 'float32') };
}
