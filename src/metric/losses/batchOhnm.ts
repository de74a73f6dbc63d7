/**
 * batchOhnm, online "moderately hard" negative mining (seeds 000 and 003; facenet's active "VGG Face" rule):
 * every positive pair (a, p) takes a negative drawn uniformly among those violating the margin, d_an < d_ap + m,
 * after dropping the nearest `excludeHardestFraction` of the anchor's negatives (label noise). Pairs without a
 * candidate are skipped. Draws are seeded: `tf.randomUniform` with `ohnmSeed(seed, step)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { BASE_DEFAULTS } from '../lossEntry';
import { pairHinge } from '../pairHinge';
import type { LossEntry } from '../lossEntry';
import { gatherRows, noGrad, rowMajorIndex } from '../stopGradient';
import type { BaseLossOptions, LossResult } from '../types';

export interface BatchOhnmOptions extends BaseLossOptions {
  /** Fraction q in [0, 1) of each anchor's nearest negatives that are never drawn. */
  excludeHardestFraction: number;
  /** Seed of the draws; combined with the step so that each step draws anew, reproducibly. */
  seed: number;
}

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
  id: 'batchOhnm',
  label: 'Online moderately hard (OHNM)',
  description: 'Each positive pair draws a random negative among those that violate the margin.',
  explanation:
    'Instead of the nearest negative, which is often a mislabelled image or a near-duplicate, each anchor–positive ' +
    'pair draws one negative at random among those with d_an < d_ap + m: moderately hard examples. Dropping the ' +
    'nearest fraction of negatives guards further against label noise. Draws are seeded, so a run reproduces.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\mathcal{P}'|} \sum_{(a,p)} \left[ d_{ap} - d_{an^*} + m \right]_+,\; n^* \sim \mathcal{U}\{n : d_{an} < d_{ap} + m\}`,
  source: 'Moderately hard negative mining: Wang, Zhang & Lan 2017; Parkhi, Vedaldi & Zisserman 2015 (VGG Face)',
  options: [
    {
      name: 'excludeHardestFraction',
      type: 'number',
      default: 0,
      min: 0,
      max: 0.9,
      description: 'Fraction of each anchor\u2019s nearest negatives never drawn (against label noise).',
    },
    { name: 'seed', type: 'integer', default: 1, min: 0, max: 2 ** 31 - 1, description: 'Seed of the random draws.' },
  ],
  defaults: { ...BASE_DEFAULTS, excludeHardestFraction: 0, seed: 1 },
  body: (batch, input, options) => ohnmBody(batch, options, input.step ?? 0),
};
