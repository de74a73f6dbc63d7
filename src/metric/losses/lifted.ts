/**
 * Lifted structured loss (Song, Xiang, Jegelka & Savarese 2016, "Deep Metric Learning via Lifted Structured
 * Feature Embedding"): every positive pair (i, j) against all negatives of both i and j,
 * J_ij = log(Σ_{n∈N(i)} e^{m − d_in} + Σ_{n∈N(j)} e^{m − d_jn}) + d_ij, loss = 1/(2|P|) Σ [J_ij]_+².
 * The log-sum-exp is shifted by each row's maximum (held constant; J does not depend on it). Summing over ordered
 * pairs gives the same value as over unordered ones, since J_ij = J_ji. Miner: every positive pair; reducer: mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import { safeMean } from '../batch';
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { noGrad } from '../stopGradient';
import type { BaseLossOptions } from '../types';

/** exp(−1e4) is 0 in float32: masked entries vanish from the sums without an Inf. */
const MASKED_EXPONENT = -1e4;

export const lifted = defineLoss<BaseLossOptions>({
  id: 'lifted',
  label: 'Lifted structure',
  description: 'Each positive pair against a smooth maximum over all negatives of both its images.',
  explanation:
    'The lifted structured loss lifts the batch to all pairwise distances: each positive pair is pushed away from ' +
    'every negative of either image, weighted by a soft maximum (log-sum-exp) so that the hardest negatives ' +
    'dominate while the others still contribute.',
  formula: String.raw`J_{ij} = \log\!\Big(\sum_{n \in N(i)} e^{m - d_{in}} + \sum_{n \in N(j)} e^{m - d_{jn}}\Big) + d_{ij},\quad \mathcal{L} = \frac{1}{2|\mathcal{P}|} \sum_{(i,j)\in\mathcal{P}} [J_{ij}]_+^2`,
  source: 'Song, Xiang, Jegelka & Savarese 2016, Lifted Structured Feature Embedding',
  options: [],
  defaults: { ...BASE_DEFAULTS, margin: 1 },
  inputs: [],
  composition: { miner: 'every positive pair against all negatives of both images', reducer: 'mean of squared hinges' },
  inspector: 'none',
  python: {
    fn: 'lifted',
    torch: `def lifted(dist, labels, margin, options, context):
    """Song et al. 2016: J_ij = log(sum_n e^(m - d_in) + sum_n e^(m - d_jn)) + d_ij, loss = sum [J_ij]_+^2 / (2 |P|)."""
    positive, negative = masks(labels)
    logits = margin - dist
    has_negative = negative.any(1)
    row_max = torch.where(negative, logits, torch.full_like(logits, float("-inf"))).amax(1).detach()
    row_max = torch.where(has_negative, row_max, torch.zeros_like(row_max))
    row_sum = torch.where(negative, torch.exp(logits - row_max[:, None]), torch.zeros_like(logits)).sum(1)
    pair_max = torch.maximum(row_max[:, None], row_max[None, :])
    inner = torch.exp(row_max[:, None] - pair_max) * row_sum[:, None] + torch.exp(row_max[None, :] - pair_max) * row_sum[None, :]
    j = pair_max + torch.log(inner.clamp(min=1e-30)) + dist
    valid = (positive & (has_negative[:, None] | has_negative[None, :])).to(dist.dtype)
    return safe_mean((valid * torch.relu(j) ** 2).sum(), 2 * valid.sum())`,
    pml: `# Song et al. 2016: J_ij = log(sum exp(m - d_in) + sum exp(m - d_jn)) + d_ij, loss mean [J_ij]_+^2 (constant factor may differ).
loss_func = losses.LiftedStructureLoss(neg_margin=margin_at(0), pos_margin=0, distance=distance)


def triplet_term(embeddings, labels, step):
    loss_func.neg_margin = margin_at(step)
    return loss_func(embeddings, labels)`,
    pmlMatch: 'close',
    pmlSummary: 'LiftedStructureLoss(neg_margin=m, pos_margin=0)',
    pmlNote: 'Reduction may differ by a constant factor.',
  },
  body: (batch, _input, options) => {
    const { b, dist, masks } = batch;
    const logits = tf.sub(options.margin, dist);
    const rowMax = noGrad(dist, () =>
      tf.tidy(() => {
        const max = tf.max(tf.where(masks.negative, logits, tf.fill(dist.shape, -Infinity)), 1);
        return tf.where(tf.greater(masks.negativeCount, 0), max, tf.zerosLike(max));
      }),
    ).reshape([b, 1]);
    const shifted = tf.where(masks.negative, tf.sub(logits, rowMax), tf.fill(dist.shape, MASKED_EXPONENT));
    const rowSum = tf.sum(tf.exp(shifted), 1, true);
    const maxI = rowMax;
    const maxJ = tf.reshape(rowMax, [1, b]);
    // Held constant (and built off the tape: tfjs's Maximum gradient does not reduce broadcast shapes).
    const pairMax = noGrad(dist, () => tf.maximum(maxI, maxJ));
    const inner = tf.add(
      tf.mul(tf.exp(tf.sub(maxI, pairMax)), rowSum),
      tf.mul(tf.exp(tf.sub(maxJ, pairMax)), tf.reshape(rowSum, [1, b])),
    );
    const hasNegative = tf.greater(masks.negativeCount, 0);
    const pairHasNegative = tf.logicalOr(tf.reshape(hasNegative, [b, 1]), tf.reshape(hasNegative, [1, b]));
    const valid = tf.cast(tf.logicalAnd(masks.positive, pairHasNegative), 'float32');
    const j = tf.add(tf.add(pairMax, tf.log(tf.maximum(inner, 1e-30))), dist);
    const terms = tf.mul(valid, tf.square(tf.relu(j)));
    return { loss: safeMean(tf.sum(terms), tf.mul(2, tf.sum(valid))), selection: { kind: 'population' } };
  },
});
