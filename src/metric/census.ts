/**
 * The exact triplet census (metric-learning.md, "Triplet census"): per anchor, the negatives are sorted once and each
 * positive is located with a binary search, so no B×B×B tensor exists; or, when each anchor has only a few
 * positives, each positive is compared with all the anchor's negatives (positiveSlots.ts). Counts are exact integers.
 *
 * Exactness in float32: per-anchor counts are at most B² and each is split into `hi · 4096 + lo` before summing over
 * anchors, so every partial sum stays below 2^24 for B ≤ 4,096 on every backend (webgl has no true int32).
 */
import * as tf from '@tensorflow/tfjs-core';
import { COUNT_BASE } from './censusLayout';
import type { PreparedBatch } from './batch';
import { slotCount } from './positiveSlots';

/**
 * Sums non-negative integer counts exactly: returns [Σ hi, Σ lo] with `c = hi · 4096 + lo` for each count.
 * @param counts float32 of any shape, integers below 2^24 (caller owns the [2] result)
 */
export function exactCountSum(counts: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const flat = tf.reshape(counts, [-1]);
    const hi = tf.floor(tf.div(flat, COUNT_BASE));
    const lo = tf.sub(flat, tf.mul(hi, COUNT_BASE));
    return tf.stack([tf.sum(hi), tf.sum(lo)]) as tf.Tensor1D;
  });
}

function packCensus(hard: tf.Tensor, semiHard: tf.Tensor, easy: tf.Tensor, total: tf.Tensor): tf.Tensor1D {
  return tf.concat([exactCountSum(hard), exactCountSum(semiHard), exactCountSum(easy), exactCountSum(total)]);
}

/**
 * Census of all valid triplets of the batch: direct over the positive slots when the batch has them, else by binary
 * search in the sorted negatives. Both give the same exact counts.
 * @returns [8] float32 in the CENSUS layout (caller owns it)
 */
export function populationCensus(batch: PreparedBatch, margin: number): tf.Tensor1D {
  return tf.tidy(() => {
    const { dist, masks, slots } = batch;
    let hard: tf.Tensor;
    let active: tf.Tensor;
    if (slots) {
      hard = slotCount(slots, 0);
      // batchAll has counted d_an < d_ap + m already when it ran on this batch.
      active = batch.hasSlotHinge(margin) ? tf.sum(batch.slotHinge(margin).count, 1) : slotCount(slots, margin);
    } else {
      const pos = masks.positiveFloat;
      const sorted = batch.negatives.values;
      // #negatives with d_an < d_ap (hard) and with d_an < d_ap + m (hard + semi-hard), for every pair (a, p).
      const below = tf.cast(tf.searchSorted(sorted, dist, 'left'), 'float32');
      const belowMargin = tf.cast(tf.searchSorted(sorted, tf.add(dist, margin), 'left'), 'float32');
      hard = tf.sum(tf.mul(pos, below), 1);
      active = tf.sum(tf.mul(pos, belowMargin), 1);
    }
    const total = tf.mul(masks.positiveCount, masks.negativeCount);
    return packCensus(hard, tf.sub(active, hard), tf.sub(total, active), total);
  });
}

/**
 * Census of the triplets a miner selected, one entry per triplet (any shape, all three alike).
 * @param apDist d(a, p) per triplet
 * @param anDist d(a, n) per triplet
 * @param valid 1 where the entry is a selected triplet, 0 where it is padding
 * @returns [8] float32 in the CENSUS layout (caller owns it)
 */
export function selectionCensus(apDist: tf.Tensor, anDist: tf.Tensor, valid: tf.Tensor, margin: number): tf.Tensor1D {
  return tf.tidy(() => {
    const hard = tf.mul(valid, tf.cast(tf.less(anDist, apDist), 'float32'));
    const active = tf.mul(valid, tf.cast(tf.less(anDist, tf.add(apDist, margin)), 'float32'));
    return packCensus(hard, tf.sub(active, hard), tf.sub(valid, active), valid);
  });
}
