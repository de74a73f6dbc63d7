/**
 * batchOhnm, online "moderately hard" negative mining (seeds 000 and 003; facenet's active "VGG Face" rule):
 * every positive pair (a, p) takes a negative drawn uniformly among those violating the margin, d_an < d_ap + m,
 * after dropping the nearest `excludeHardestFraction` of the anchor's negatives (label noise). Pairs without a
 * candidate are skipped. Draws are seeded: `tf.randomUniform` with `ohnmSeed(seed, step)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchOhnmInfo } from '../catalog/batchOhnm';
import type { BatchOhnmOptions } from '../catalog/batchOhnm';
import type { PreparedBatch } from '../batch';
import { pairHinge } from '../pairHinge';
import type { LossEntry } from '../lossEntry';
import { gatherRows, noGrad, rowMajorIndex } from '../stopGradient';
import type { LossResult } from '../types';

/** The seed of the [B, B] uniform draws of one step. */
export function ohnmSeed(seed: number, step: number): number {
  return (Math.imul(seed | 0, 1000003) + Math.imul(step | 0, 7919)) >>> 0;
}

function ohnmBody(batch: PreparedBatch, options: BatchOhnmOptions, step: number): LossResult {
  const { b, dist, masks, negatives } = batch;
  const m = options.margin;
  const picked = noGrad(dist, () =>
    tf.tidy(() => {
      const lo = tf.floor(tf.mul(masks.negativeCount, options.excludeHardestFraction)).reshape([b, 1]);
      const hi = tf.cast(tf.searchSorted(negatives.values, tf.add(dist, m), 'left'), 'float32');
      const ok = tf.logicalAnd(masks.positive, tf.greater(hi, lo));
      const u = tf.randomUniform([b, b], 0, 1, 'float32', ohnmSeed(options.seed, step));
      const position = tf.clipByValue(tf.add(lo, tf.floor(tf.mul(u, tf.sub(hi, lo)))), 0, b - 1);
      const clamped = tf.minimum(position, tf.maximum(tf.sub(hi, 1), 0));
      const column = gatherRows(negatives.order, tf.cast(clamped, 'int32'));
      return tf.stack([tf.cast(ok, 'int32'), rowMajorIndex(column, b)]);
    }),
  );
  const [okInt, flat] = tf.unstack(picked) as [tf.Tensor2D, tf.Tensor2D];
  const ok = tf.cast(okInt, 'float32');
  return pairHinge(dist, flat, ok, m);
}

export const batchOhnmEntry: LossEntry<BatchOhnmOptions> = {
  ...batchOhnmInfo,
  body: (batch, input, options) => ohnmBody(batch, options, input.step ?? 0),
};
