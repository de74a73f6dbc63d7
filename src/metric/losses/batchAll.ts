/**
 * batchAll (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss for Person Re-Identification"; seed 002):
 * the hinge over every valid triplet of the batch, without a B×B×B tensor. Miner: all triplets; reducer: mean over
 * the non-zero terms (Hermans' "≠0", PML's AvgNonZeroReducer) or over all of them.
 *
 * Per pair (a, p) with v = d_ap + m and the anchor's negatives sorted ascending,
 * Σ_n [v − d_an]_+ = cnt · v − (sum of the cnt smallest d_an), cnt = #{n : d_an < v},
 * found by binary search and an exclusive cumulative sum: O(B² log B) time, O(B²) memory.
 * The gradient is analytic: ∂/∂d_ap = cnt, ∂/∂d_an = −#{p : d_an < d_ap + m}, over the reduction's N.
 * When each anchor has only a few positives (positiveSlots.ts), the same terms are summed directly per positive:
 * O(B² · P), no sort, and no cumulative-sum rounding.
 * Precision: the cumulative sum runs in float32, so each pair's term carries an absolute error of about
 * (sum of its negatives' distances) · 1e-7.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import type { PositiveSlots } from '../positiveSlots';
import { customOp, gatherRows, rowMajorIndex } from '../stopGradient';
import type { BaseLossOptions } from '../types';

export type BatchAllReduction = 'meanNonZero' | 'mean';

export interface BatchAllOptions extends BaseLossOptions {
  /** `meanNonZero`: average over the active triplets only (Hermans' "≠0"); `mean`: over all valid triplets. */
  reduction: BatchAllReduction;
}

/**
 * Mean hinge over all valid triplets, from the distance matrix.
 * @returns scalar loss, differentiable in `batch.dist` (caller owns it)
 */
export function batchAllFromDistances(batch: PreparedBatch, margin: number, reduction: BatchAllReduction): tf.Scalar {
  const { masks } = batch;
  const op = customOp<tf.Scalar>(([input], save) => {
    const dist = input as tf.Tensor2D;
    const [value, gradient] = tf.tidy(() => {
      const { sum, count, gradient } = batch.slots
        ? slotTerms(batch, batch.slots, margin)
        : sortedTerms(batch, dist, margin);
      const n = reduction === 'mean' ? tf.sum(tf.mul(masks.positiveCount, masks.negativeCount)) : count;
      const scale = tf.div(1, tf.maximum(n, 1));
      return [tf.mul(sum, scale) as tf.Scalar, tf.mul(gradient, scale)];
    });
    save([gradient]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0] as tf.Tensor),
    };
  });
  return op(batch.dist);
}

/** The hinge sum, the number of active triplets and the unscaled gradient ∂sum/∂d. */
interface Terms {
  sum: tf.Scalar;
  count: tf.Scalar;
  gradient: tf.Tensor2D;
}

/** By binary search in the sorted negatives and a cumulative sum (any batch). */
function sortedTerms(batch: PreparedBatch, dist: tf.Tensor2D, margin: number): Terms {
  const { b, masks, negatives, positives } = batch;
  const pos = masks.positiveFloat;
  // Exclusive sums of the sorted negatives; +Infinity only past an anchor's negatives, where cnt never reads.
  const prefix = tf.cumsum(negatives.values, 1, true);
  const v = tf.add(dist, margin);
  const cntInt = tf.searchSorted(negatives.values, v, 'left');
  const cnt = tf.mul(pos, tf.cast(cntInt, 'float32'));
  const below = gatherRows(prefix, cntInt);
  const sum = tf.sum(tf.mul(pos, tf.sub(tf.mul(cnt, v), below))) as tf.Scalar;
  // #{p : d_ap + m > d_an} for each (a, n): positives sorted ascending, shifted by m, searched from the right.
  const shifted = tf.add(positives.values, margin);
  const notAbove = tf.cast(tf.searchSorted(shifted, dist, 'right'), 'float32');
  const perNegative = tf.mul(masks.negativeFloat, tf.sub(masks.positiveCount.reshape([b, 1]), notAbove));
  return { sum, count: tf.sum(cnt) as tf.Scalar, gradient: tf.sub(cnt, perNegative) };
}

/** Directly over the positive slots (positiveSlots.ts): the per-slot hinge terms, shared with the census. */
function slotTerms(batch: PreparedBatch, slots: PositiveSlots, margin: number): Terms {
  const b = slots.value.shape[0];
  const { count, hinge, perNegative } = batch.slotHinge(margin);
  // ∂/∂d_ap = count at each slot's column (distinct within a row; 0 past the positives), ∂/∂d_an = −#{p active}.
  const index = tf.reshape(rowMajorIndex(slots.column, b), [-1, 1]);
  const perPositive = tf.reshape(tf.scatterND(index, tf.reshape(count, [-1]), [b * b]), [b, b]);
  return {
    sum: tf.sum(hinge) as tf.Scalar,
    count: tf.sum(count) as tf.Scalar,
    gradient: tf.sub(perPositive, perNegative) as tf.Tensor2D,
  };
}

export const batchAll = defineLoss<BatchAllOptions>({
  id: 'batchAll',
  label: 'Batch all',
  description: 'Hinge over every valid triplet of the batch, averaged over the active ones (or all).',
  explanation:
    'Every anchor–positive pair is combined with every negative of the batch, so all T valid triplets contribute. ' +
    'Averaging over the non-zero terms only ("mean≠0") keeps the gradient from fading as most triplets become easy; ' +
    'plain "mean" divides by T. The lab computes it exactly with sorted negatives and a cumulative sum instead of a ' +
    'B×B×B tensor.',
  formula: String.raw`\mathcal{L} = \frac{1}{N} \sum_{a,p,n} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss',
  options: [
    {
      name: 'reduction',
      type: 'choice',
      default: 'meanNonZero',
      choices: ['meanNonZero', 'mean'],
      description: 'N = number of active triplets (meanNonZero) or of all valid triplets (mean).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, reduction: 'meanNonZero' },
  inputs: [],
  composition: { miner: 'every valid triplet', reducer: 'mean over the non-zero terms, or over all' },
  inspector: 'all',
  python: {
    fn: 'batch_all',
    torch: `def batch_all(dist, labels, margin, options, context):
    """Hermans et al. 2017: [d_ap - d_an + m]_+ over all valid triplets, mean over non-zero terms (or 'mean').

    Per pair (a, p): sum_n [v - d_an]_+ = cnt * v - (sum of the cnt smallest d_an), v = d_ap + m: O(B^2) memory.
    """
    positive, negative = masks(labels)
    b = dist.shape[0]
    neg_values, _ = torch.sort(torch.where(negative, dist, torch.full_like(dist, float("inf"))), dim=1)
    finite = torch.where(torch.isinf(neg_values), torch.zeros_like(neg_values), neg_values)
    prefix = torch.cat([torch.zeros(b, 1, dtype=dist.dtype, device=dist.device), torch.cumsum(finite, 1)], 1)
    v = dist + margin
    cnt = torch.searchsorted(neg_values.detach().contiguous(), v.detach().contiguous(), right=False)
    below = torch.gather(prefix, 1, cnt)
    pos = positive.to(dist.dtype)
    total = (pos * (cnt.to(dist.dtype) * v - below)).sum()
    if options.get("reduction", "meanNonZero") == "mean":
        n = (positive.sum(1) * negative.sum(1)).sum()
    else:
        n = (pos * cnt.to(dist.dtype)).sum()
    return safe_mean(total, n)`,
    pml: `# reduction {{reduction}}: 'meanNonZero' averages over the active (non-zero) triplets, Hermans' '≠0'; 'mean' over all valid ones.
miner = None
loss_func = losses.TripletMarginLoss(margin=margin_at(0), triplets_per_anchor='all', distance=distance, reducer=reducers.MeanReducer() if {{reduction}} == 'mean' else reducers.AvgNonZeroReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return loss_func(embeddings, labels)`,
    pmlMatch: 'exact',
    pmlSummary: "TripletMarginLoss(triplets_per_anchor='all'), AvgNonZeroReducer or MeanReducer",
    pmlNote: '',
  },
  body: (batch, _input, options) => ({
    loss: batchAllFromDistances(batch, options.margin, options.reduction),
    selection: { kind: 'population' },
  }),
});
