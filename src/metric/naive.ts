/**
 * REFERENCE ONLY: the textbook B×B×B versions of the census and of batchAll, for tests and benchmarks (Node and
 * browser bench pages). They materialise [B, B, B] tensors: 4·B³ bytes each, 23 GB at B = 1,800. Never use them in
 * training; this is the only file of the lab allowed to build a B³ tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Census } from './censusLayout';
import { pairwiseDistance } from './distance';
import type { DistanceName } from './distance';
import { identityMasks } from './masks';
import { noGrad } from './stopGradient';

export interface NaiveOptions {
  margin: number;
  distance: DistanceName;
  normalize: boolean;
}

/** Bytes of one float32 [B, B, B] intermediate: the naive versions hold several at once. */
export function naiveCubeBytes(b: number): number {
  return 4 * b * b * b;
}

/** [B, B, B] hinge inputs `d_ap − d_an + m` and the valid-triplet mask, indexed [a, p, n]. Call inside tf.tidy. */
function cube(dist: tf.Tensor2D, labels: tf.Tensor1D, margin: number): { gap: tf.Tensor3D; valid: tf.Tensor3D } {
  const b = dist.shape[0];
  const masks = identityMasks(labels);
  const gap = tf.add(tf.sub(tf.reshape(dist, [b, b, 1]), tf.reshape(dist, [b, 1, b])), margin) as tf.Tensor3D;
  const valid = tf.logicalAnd(tf.reshape(masks.positive, [b, b, 1]), tf.reshape(masks.negative, [b, 1, b])) as tf.Tensor3D;
  return { gap, valid };
}

/** Census by classifying every (a, p, n) at once. Per-anchor counts are read back and summed in float64. */
export async function naiveTripletCensus(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  opts: NaiveOptions,
): Promise<Census> {
  const perAnchor = tf.tidy(() => {
    const b = embeddings.shape[0];
    const dist = pairwiseDistance(embeddings, opts.distance, opts.normalize);
    const { valid } = cube(dist, labels, opts.margin);
    const ap = tf.reshape(dist, [b, b, 1]);
    const an = tf.reshape(dist, [b, 1, b]);
    const v = tf.cast(valid, 'float32');
    const hard = tf.sum(tf.mul(v, tf.cast(tf.less(an, ap), 'float32')), [1, 2]);
    const active = tf.sum(tf.mul(v, tf.cast(tf.less(an, tf.add(ap, opts.margin)), 'float32')), [1, 2]);
    const total = tf.sum(v, [1, 2]);
    return tf.stack([hard, active, total]);
  });
  try {
    const data = await perAnchor.data();
    const b = embeddings.shape[0];
    let hard = 0;
    let active = 0;
    let total = 0;
    for (let a = 0; a < b; a++) {
      hard += data[a] ?? 0;
      active += data[b + a] ?? 0;
      total += data[2 * b + a] ?? 0;
    }
    return { hard, semiHard: active - hard, easy: total - active, total };
  } finally {
    perAnchor.dispose();
  }
}

/**
 * batchAll over the [B, B, B] hinge tensor, differentiable with plain tfjs ops.
 * @returns scalar (caller owns it)
 */
export function naiveBatchAll(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  opts: NaiveOptions & { reduction: 'meanNonZero' | 'mean' },
): tf.Scalar {
  return tf.tidy(() => {
    const dist = pairwiseDistance(embeddings, opts.distance, opts.normalize);
    const { gap, valid } = cube(dist, labels, opts.margin);
    const v = tf.cast(valid, 'float32');
    const hinge = tf.mul(v, tf.relu(gap));
    const count =
      opts.reduction === 'mean'
        ? tf.sum(v)
        : noGrad(gap, () => tf.sum(tf.mul(v, tf.cast(tf.greater(gap, 0), 'float32'))));
    return tf.div(tf.sum(hinge), tf.maximum(count, 1)) as tf.Scalar;
  });
}
