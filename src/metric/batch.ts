/**
 * The shared first half of every loss: distances, identity masks, and the per-anchor orderings the census and the
 * losses read (sorted negatives and positives, or positive slots), each computed once and only when first read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pairwiseDistance } from './distance';
import type { DistanceName } from './distance';
import { identityMasks } from './masks';
import type { IdentityMasks } from './masks';
import { directSlotCount, positiveSlots, slotHinge } from './positiveSlots';
import type { PositiveSlots, SlotHinge } from './positiveSlots';
import { sortRows } from './sortedRows';
import { offTape } from './stopGradient';
import type { SortedRows } from './sortedRows';

export interface PreparedBatch {
  b: number;
  /** [B, B] float32 distances, differentiable in the embeddings. */
  dist: tf.Tensor2D;
  masks: IdentityMasks;
  /** Each anchor's negatives, nearest first (sorted when first read). */
  readonly negatives: SortedRows;
  /** Each anchor's positives, nearest first (sorted when first read). */
  readonly positives: SortedRows;
  /**
   * Each anchor's positives in P slots, for the direct census and batchAll (positiveSlots.ts): present when the
   * caller passed the labels' values and no anchor has more than DIRECT_MAX_POSITIVES positives.
   */
  readonly slots: PositiveSlots | null;
  /** batchAll's per-slot terms for margin m (positiveSlots.ts), computed on first read; needs `slots`. */
  slotHinge: (margin: number) => SlotHinge;
  /** Whether `slotHinge(margin)` has been read already (the census then reuses its counts). */
  hasSlotHinge: (margin: number) => boolean;
  /** [B] L2 norms of the raw embeddings. */
  norms: tf.Tensor1D;
  /** Scalar 1 when the batch has no positive pair, else 0. */
  noPositives: tf.Scalar;
  /** Disposes what was computed on first read; call once, at the end of the tidy that called prepareBatch. */
  release: () => void;
}

/**
 * Call inside `tf.tidy`, and call `release()` before that tidy returns: the tensors belong to that scope, except the
 * ones computed on first read (possibly inside a nested tidy), which are kept until `release()`.
 * @param embeddings [B, D] float32
 * @param labels [B] int32
 * @param labelValues the same labels on the host, when the caller has them: allows the direct census
 */
export function prepareBatch(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  distance: DistanceName,
  normalize: boolean,
  labelValues?: ArrayLike<number>,
): PreparedBatch {
  const b = embeddings.shape[0];
  if (labelValues && labelValues.length !== b)
    throw new Error(`prepareBatch: ${labelValues.length} label values for a batch of ${b}`);
  const dist = pairwiseDistance(embeddings, distance, normalize);
  const { floatMasks, norms, noPositives } = offTape(() => {
    const m = identityMasks(labels, false);
    return {
      floatMasks: m,
      norms: tf.norm(embeddings, 'euclidean', 1) as tf.Tensor1D,
      noPositives: tf.cast(tf.equal(tf.sum(m.positiveCount), 0), 'float32') as tf.Scalar,
    };
  });
  const kept: tf.Tensor[] = [];
  const once = <T extends object>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => {
      if (!made) {
        made = make();
        for (const t of Object.values(made)) if (t instanceof tf.Tensor) kept.push(tf.keep(t));
      }
      return made;
    };
  };
  // The bool masks too are made on first read: the census and batchAll use the float ones.
  const positive = once(() => offTape(() => ({ mask: tf.cast(floatMasks.positiveFloat, 'bool') as tf.Tensor2D })));
  const negative = once(() => offTape(() => ({ mask: tf.cast(floatMasks.negativeFloat, 'bool') as tf.Tensor2D })));
  const masks: IdentityMasks = {
    ...floatMasks,
    get positive() {
      return positive().mask;
    },
    get negative() {
      return negative().mask;
    },
  };
  const negatives = once(() => sortRows(dist, masks.negative));
  const positives = once(() => sortRows(dist, masks.positive));
  const count = labelValues ? directSlotCount(labelValues) : null;
  const slots = count === null ? null : positiveSlots(dist, masks.positiveFloat, masks.negativeFloat, count);
  const hinges = new Map<number, () => SlotHinge>();
  const slotHingeOf = (margin: number): SlotHinge => {
    if (!slots) throw new Error('slotHinge: the batch has no positive slots');
    let read = hinges.get(margin);
    if (!read) hinges.set(margin, (read = once(() => slotHinge(slots, margin))));
    return read();
  };
  return {
    b,
    dist,
    masks,
    get negatives() {
      return negatives();
    },
    get positives() {
      return positives();
    },
    slots,
    slotHinge: slotHingeOf,
    hasSlotHinge: (margin) => hinges.has(margin),
    norms,
    noPositives,
    release: () => tf.dispose(kept.splice(0)),
  };
}

/** `numerator / max(denominator, 1)`: a mean over zero terms is 0, never NaN. */
export function safeMean(numerator: tf.Tensor, denominator: tf.Tensor): tf.Scalar {
  return tf.div(numerator, tf.maximum(denominator, 1)) as tf.Scalar;
}
