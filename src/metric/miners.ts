/**
 * Selections that come from outside the batch: uniform random triplets over a label list (randomTriplets) and the
 * offline hard miner over an embedded subset (offlineHard). Their output feeds `LossInput.triplets`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../common/rng';
import { prepareBatch } from './batch';
import type { DistanceName } from './distance';
import { gatherRows, noGrad } from './stopGradient';

/** Triplets as index arrays into a list of images. */
export interface TripletIndexArrays {
  anchor: Int32Array;
  positive: Int32Array;
  negative: Int32Array;
}

/**
 * Draws `count` triplets uniformly among all valid triplets of `labels`: the anchor with probability proportional
 * to (k_a − 1)(N − k_a), then a positive and a negative uniformly. Returns empty arrays when there is none.
 */
export function drawRandomTriplets(labels: ArrayLike<number>, count: number, rng: Rng): TripletIndexArrays {
  const byIdentity = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] ?? 0;
    const list = byIdentity.get(y);
    if (list) list.push(i);
    else byIdentity.set(y, [i]);
  }
  const n = labels.length;
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = byIdentity.get(labels[i] ?? 0)?.length ?? 0;
    total += (k - 1) * (n - k);
    cumulative[i] = total;
  }
  const out: TripletIndexArrays = {
    anchor: new Int32Array(total > 0 ? count : 0),
    positive: new Int32Array(total > 0 ? count : 0),
    negative: new Int32Array(total > 0 ? count : 0),
  };
  if (total === 0) return out;
  for (let t = 0; t < count; t++) {
    const u = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    const a = lo;
    const same = byIdentity.get(labels[a] ?? 0) ?? [];
    let p = same[rng.int(same.length - 1)] ?? a;
    if (p === a) p = same[same.length - 1] ?? a;
    // Rejection: a uniform image of another identity (expected N / (N − k_a) draws).
    let neg = rng.int(n);
    while (labels[neg] === labels[a]) neg = rng.int(n);
    out.anchor[t] = a;
    out.positive[t] = p;
    out.negative[t] = neg;
  }
  return out;
}

export interface OfflineHardMinerOptions {
  margin: number;
  distance: DistanceName;
  normalize: boolean;
  /** `hardest`: nearest negative; `semiHard`: nearest negative farther than the positive, else the nearest. */
  negative: 'hardest' | 'semiHard';
}

/**
 * Per anchor of an embedded subset, the hardest positive and the hardest (or semi-hard) negative.
 * Anchors without a positive or a negative in the subset are skipped. Indices refer to the subset's rows.
 * @param embeddings [N, D] float32 (caller owns it)
 * @param labels [N] int32 (caller owns it)
 */
export async function mineOfflineHard(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  options: OfflineHardMinerOptions,
): Promise<TripletIndexArrays> {
  const picked = tf.tidy(() => {
    const batch = prepareBatch(embeddings, labels, options.distance, options.normalize);
    const { b, dist, masks } = batch;
    try {
      return noGrad(dist, () => {
        const p = tf.argMax(tf.where(masks.positive, dist, tf.fill(dist.shape, -Infinity)), 1);
        const hardest = tf.argMin(tf.where(masks.negative, dist, tf.fill(dist.shape, Infinity)), 1);
        let n = hardest;
        if (options.negative === 'semiHard') {
          const { negatives } = batch;
          const apDist = tf.max(tf.where(masks.positive, dist, tf.fill(dist.shape, -Infinity)), 1).reshape([b, 1]);
          const idx = tf.searchSorted(negatives.values, apDist, 'right');
          const found = tf.less(tf.cast(idx.reshape([b]), 'float32'), masks.negativeCount);
          const column = gatherRows(negatives.order, tf.minimum(idx, tf.scalar(b - 1, 'int32'))).reshape([b]);
          n = tf.where(found, column, hardest);
        }
        const ok = tf.cast(tf.logicalAnd(tf.greater(masks.positiveCount, 0), tf.greater(masks.negativeCount, 0)), 'int32');
        return tf.stack([p, n, ok]);
      });
    } finally {
      batch.release();
    }
  });
  try {
    const data = await picked.data();
    const b = embeddings.shape[0];
    const anchor: number[] = [];
    const positive: number[] = [];
    const negative: number[] = [];
    for (let a = 0; a < b; a++) {
      if ((data[2 * b + a] ?? 0) === 0) continue;
      anchor.push(a);
      positive.push(data[a] ?? 0);
      negative.push(data[b + a] ?? 0);
    }
    return { anchor: Int32Array.from(anchor), positive: Int32Array.from(positive), negative: Int32Array.from(negative) };
  } finally {
    picked.dispose();
  }
}
