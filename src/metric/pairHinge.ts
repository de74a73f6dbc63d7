/**
 * The reduction shared by the miners that pick one negative per positive pair (semi-hard, OHNM): the mean over the
 * kept pairs (a, p) of [d_ap − d_an + m]_+, with the picked triplets as the selection for the census.
 */
import * as tf from '@tensorflow/tfjs-core';
import { safeMean } from './batch';
import { takeFlat } from './stopGradient';
import type { LossResult } from './types';

/**
 * @param dist [B, B] pairwise distances; entry (a, p) is d_ap
 * @param negative [B, B] int32 flat index into `dist` of the negative picked for pair (a, p)
 * @param kept [B, B] float32 1 where (a, p) is a positive pair that found a negative
 */
export function pairHinge(dist: tf.Tensor2D, negative: tf.Tensor, kept: tf.Tensor, margin: number): LossResult {
  const anDist = takeFlat(dist, negative);
  const hinge = tf.mul(kept, tf.relu(tf.add(tf.sub(dist, anDist), margin)));
  return {
    loss: safeMean(tf.sum(hinge), tf.sum(kept)),
    selection: { kind: 'triplets', apDist: dist, anDist, valid: kept },
  };
}
