/**
 * The direct census: when every anchor has at most a few positives (P×K batches: K − 1), each anchor's positives are
 * lined up in P slots and every slot is compared with all of the anchor's negatives at once. O(B² · P) time and
 * O(B²) memory, no sort: at B = 1,800 and P = 3 that is a tenth of a TopK and two binary searches over [B, B].
 * The counts are the same exact integers as the sort-based census (census.ts).
 *
 * Comparisons are `step(v − d)` (1 when `v − d > 0`, i.e. `d < v`): in IEEE float32 a difference of two distinct
 * finite numbers is never 0, and wasm broadcasts a subtraction 100 times faster than a comparison. (A GPU that
 * flushes subnormals to zero could differ only for two distances both below 2⁻¹²⁵, where its comparisons flush too.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { offTape } from './stopGradient';

/**
 * Most positives per anchor for the direct census, on the safe side: at B = 1,800 on wasm a slot costs about eleven
 * [B, B] passes (census and batchAll), the sort-based path about twenty slots' worth.
 */
export const DIRECT_MAX_POSITIVES = 16;

/** Added to the distances outside a mask: `v − (d + FAR)` is negative for every distance `v`. */
export const FAR = 1e30;

export interface PositiveSlots {
  /** P, at least 1. */
  count: number;
  /** [B, P] int32: the column of each anchor's j-th positive; any other column past its positives. */
  column: tf.Tensor2D;
  /** [B, P] float32, no gradient: `d(a, p_j)`, and `−FAR` past the anchor's positives. */
  value: tf.Tensor2D;
  /** [B, B] float32, no gradient: `d(a, n)` on the negatives, `≥ FAR` elsewhere. */
  negativeDistance: tf.Tensor2D;
}

/**
 * The most positives any anchor has, from the labels on the host; null when that is more than
 * DIRECT_MAX_POSITIVES (the sort-based census is then cheaper).
 */
export function directSlotCount(labelValues: ArrayLike<number>): number | null {
  const counts = new Map<number, number>();
  let most = 1;
  for (let i = 0; i < labelValues.length; i++) {
    const label = labelValues[i] as number;
    const c = (counts.get(label) ?? 0) + 1;
    counts.set(label, c);
    most = Math.max(most, c);
  }
  return most - 1 <= DIRECT_MAX_POSITIVES ? Math.max(most - 1, 1) : null;
}

/**
 * @param dist [B, B] float32 distances
 * @param positive [B, B] float32 1 / 0
 * @param negative [B, B] float32 1 / 0
 * @param count P ≥ the most positives of any anchor
 * @returns tensors the caller owns, off the gradient tape
 */
export function positiveSlots(
  dist: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  count: number,
): PositiveSlots {
  return offTape(() =>
    tf.tidy(() => {
      // Positives score their distance, the rest −FAR: TopK lines the positives up first.
      const score = tf.add(tf.mul(positive, dist), tf.mul(tf.sub(positive, 1), FAR));
      const { values, indices } = tf.topk(score, count, false);
      const negativeDistance = tf.add(dist, tf.mul(tf.sub(1, negative), FAR)) as tf.Tensor2D;
      return { count, column: indices as tf.Tensor2D, value: values as tf.Tensor2D, negativeDistance };
    }),
  );
}

/** `[B, 1]` slot j of a `[B, P]` tensor. */
export function slot(x: tf.Tensor2D, j: number): tf.Tensor2D {
  return tf.slice(x, [0, j], [x.shape[0], 1]);
}

/**
 * Per anchor, the number of its triplets with `d_an < d_ap + shift`, summed over its positives.
 * @returns [B] float32 exact integers (caller owns it)
 */
export function slotCount(slots: PositiveSlots, shift: number): tf.Tensor1D {
  return tf.tidy(() => {
    let total: tf.Tensor = tf.zeros([slots.value.shape[0]]);
    for (let j = 0; j < slots.count; j++) {
      const v = shift === 0 ? slot(slots.value, j) : tf.add(slot(slots.value, j), shift);
      total = tf.add(total, tf.sum(tf.step(tf.sub(v, slots.negativeDistance)), 1));
    }
    return total as tf.Tensor1D;
  });
}

/** batchAll's terms per slot, `v = d_ap_j + m` against all of the anchor's negatives. */
export interface SlotHinge {
  /** [B, P] float32 `#{n : d_an < v}`, 0 past the anchor's positives. */
  count: tf.Tensor2D;
  /** [B] float32 `Σ_j Σ_n [v − d_an]_+`. */
  hinge: tf.Tensor1D;
  /** [B, B] float32 `#{j : d_an < v}` on the negatives, 0 elsewhere. */
  perNegative: tf.Tensor2D;
}

/**
 * The hinge terms of every valid triplet, one slot at a time. Slots past an anchor's positives hold −FAR and add 0.
 * @returns tensors the caller owns, off the gradient tape
 */
export function slotHinge(slots: PositiveSlots, margin: number): SlotHinge {
  return offTape(() =>
    tf.tidy(() => {
      const b = slots.value.shape[0];
      let hinge: tf.Tensor = tf.zeros([b]);
      let perNegative: tf.Tensor = tf.zeros([b, b]);
      const counts: tf.Tensor[] = [];
      for (let j = 0; j < slots.count; j++) {
        const gap = tf.sub(tf.add(slot(slots.value, j), margin), slots.negativeDistance);
        const active = tf.step(gap);
        hinge = tf.add(hinge, tf.sum(tf.relu(gap), 1));
        counts.push(tf.sum(active, 1));
        perNegative = tf.add(perNegative, active);
      }
      return {
        count: tf.stack(counts, 1) as tf.Tensor2D,
        hinge: hinge as tf.Tensor1D,
        perNegative: perNegative as tf.Tensor2D,
      };
    }),
  );
}
