/**
 * Quadruplet loss (Chen, Chen, Zhang & Huang 2017, "Beyond triplet loss: a deep quadruplet network"), batch-hard
 * form: per anchor the hardest positive p and hardest negative n1, plus the closest negative pair (i, j) of the batch
 * with y_i ≠ y_j and both identities different from y_a:  [d_ap − d_an1 + m1]_+ + [d_ap − d_ij + m2]_+,
 * m1 = margin, m2 = ratio · margin. Miner: hardestPerAnchor plus that pair; reducer: mean over anchors.
 *
 * The closest (i, j) avoiding identity c is found in O(B²): for each row i, j1 is its nearest negative and j2 its
 * nearest negative of another identity than j1's; for c ≠ y_i the answer of row i is j1 unless y_j1 = c, then j2.
 * The second term is left out for anchors when the batch holds fewer than three identities.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { hardestPerAnchor } from '../mining/hardestPerAnchor';
import { gatherRows, noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { BaseLossOptions, LossInput, LossResult } from '../types';

export interface QuadrupletOptions extends BaseLossOptions {
  /** m2 = margin2Ratio · margin; Chen et al. require m1 > m2. */
  margin2Ratio: number;
}

function quadrupletBody(batch: PreparedBatch, input: LossInput, options: QuadrupletOptions): LossResult {
  const { b, dist, masks } = batch;
  const labels = input.labels;
  const { apDist, anDist, valid } = hardestPerAnchor(batch);
  const pairIndex = noGrad(dist, () =>
    tf.tidy(() => {
      const inf = tf.fill(dist.shape, Infinity);
      const j1 = tf.argMin(tf.where(masks.negative, dist, inf), 1);
      const labelJ1 = tf.gather(labels, j1);
      const otherThanJ1 = tf.notEqual(tf.reshape(labels, [1, b]), tf.reshape(labelJ1, [b, 1]));
      const secondMask = tf.logicalAnd(masks.negative, otherThanJ1);
      const j2 = tf.argMin(tf.where(secondMask, dist, inf), 1);
      const hasJ1 = tf.greater(masks.negativeCount, 0);
      const hasJ2 = tf.any(secondMask, 1);
      const flatDist = tf.reshape(dist, [-1]);
      const dJ1 = tf.gather(flatDist, rowMajorIndex(j1, b));
      const dJ2 = tf.gather(flatDist, rowMajorIndex(j2, b));
      // [anchor, row i]: row i's closest pair avoiding the anchor's identity.
      const anchorLabel = tf.reshape(labels, [b, 1]);
      const useJ1 = tf.notEqual(tf.reshape(labelJ1, [1, b]), anchorLabel);
      const rowOk = tf.logicalAnd(
        tf.notEqual(tf.reshape(labels, [1, b]), anchorLabel),
        // where(useJ1, hasJ1, hasJ2) in logical ops: tfjs-wasm 4.22's SelectV2 on bool values reads out of bounds.
        tf.logicalOr(
          tf.logicalAnd(useJ1, tf.reshape(hasJ1, [1, b]).tile([b, 1])),
          tf.logicalAnd(tf.logicalNot(useJ1), tf.reshape(hasJ2, [1, b]).tile([b, 1])),
        ),
      );
      const candidate = tf.where(useJ1, tf.reshape(dJ1, [1, b]).tile([b, 1]), tf.reshape(dJ2, [1, b]).tile([b, 1]));
      const bestRow = tf.argMin(tf.where(rowOk, candidate, inf), 1);
      const columnPerRow = tf.where(useJ1, tf.reshape(j1, [1, b]).tile([b, 1]), tf.reshape(j2, [1, b]).tile([b, 1]));
      const bestColumn = gatherRows(columnPerRow, bestRow);
      const flat = tf.add(tf.mul(bestRow, tf.scalar(b, 'int32')), bestColumn);
      const hasPair = tf.cast(tf.any(rowOk, 1), 'int32');
      return tf.stack([flat, hasPair]);
    }),
  );
  const [flat, hasPairInt] = tf.unstack(pairIndex) as [tf.Tensor1D, tf.Tensor1D];
  const hasPair = tf.mul(tf.cast(hasPairInt, 'float32'), valid);
  const pairDist = takeFlat(dist, flat);
  const m1 = options.margin;
  const m2 = options.margin2Ratio * options.margin;
  const first = tf.mul(valid, tf.relu(tf.add(tf.sub(apDist, anDist), m1)));
  const second = tf.mul(hasPair, tf.relu(tf.add(tf.sub(apDist, pairDist), m2)));
  return {
    loss: safeMean(tf.sum(tf.add(first, second)), tf.sum(valid)),
    selection: { kind: 'triplets', apDist, anDist, valid },
  };
}

export const quadruplet = defineLoss<QuadrupletOptions>({
  id: 'quadruplet',
  label: 'Quadruplet',
  description: 'Batch hard plus a second push: the positive distance below the closest pair of two other identities.',
  explanation:
    'The quadruplet loss adds a term whose negative pair shares no image with the anchor: the positive distance ' +
    'must also undercut, by a smaller margin m2, the closest pair of two other identities. This enlarges the gap ' +
    'between intra- and inter-identity distances globally, not only around each anchor.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \left[ d_{ap} - d_{an_1} + m_1 \right]_+ + \left[ d_{ap} - d_{ij} + m_2 \right]_+`,
  source: 'Chen, Chen, Zhang & Huang 2017, Beyond triplet loss: a deep quadruplet network',
  options: [
    {
      name: 'margin2Ratio',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      description: 'm2 as a fraction of the margin m1 (Chen et al. need m2 < m1); follows a margin schedule.',
    },
  ],
  defaults: { ...BASE_DEFAULTS, margin2Ratio: 0.5 },
  inputs: [],
  composition: { miner: 'hardest per anchor, plus the closest pair of two other identities', reducer: 'mean over anchors' },
  inspector: 'hardestPerAnchor',
  python: {
    fn: 'quadruplet',
    torch: `def quadruplet(dist, labels, margin, options, context):
    """Chen et al. 2017: batch hard plus [d_ap - d_ij + m2]_+ with (i, j) the closest negative pair whose identities
    both differ from the anchor's, found in O(B^2) (row i: its nearest negative j1, or j2, the nearest of another
    identity than j1's)."""
    m1 = margin
    m2 = options.get("margin2Ratio", 0.5) * margin
    positive, negative = masks(labels)
    ap, an, valid = hardest_per_anchor(dist, labels)
    d = dist.detach()
    inf = torch.full_like(d, float("inf"))
    rows = torch.arange(len(labels), device=d.device)
    j1 = torch.where(negative, d, inf).argmin(1)
    label_j1 = labels[j1]
    second = negative & (labels[None, :] != label_j1[:, None])
    j2 = torch.where(second, d, inf).argmin(1)
    has_j1, has_j2 = negative.any(1), second.any(1)
    use_j1 = label_j1[None, :] != labels[:, None]  # [anchor, row i]
    row_ok = (labels[None, :] != labels[:, None]) & torch.where(use_j1, has_j1[None, :], has_j2[None, :])
    candidate = torch.where(use_j1, d[rows, j1][None, :], d[rows, j2][None, :])
    best_row = torch.where(row_ok, candidate, inf).argmin(1)
    column = torch.where(use_j1, j1[None, :], j2[None, :]).gather(1, best_row[:, None]).squeeze(1)
    pair = dist[best_row, column]
    has_pair = (row_ok.any(1) & valid).to(dist.dtype)
    valid = valid.to(dist.dtype)
    terms = valid * triplet_hinge(ap, an, m1) + has_pair * triplet_hinge(ap, pair, m2)
    return safe_mean(terms.sum(), valid.sum())`,
    pml: `MARGIN2_RATIO = {{margin2Ratio}}  # m2 = ratio * m1; Chen et al. require m1 > m2; PML has no quadruplet loss: the lab's own PyTorch.


def triplet_term(embeddings, labels, step):
    return quadruplet(lab_distance(embeddings), labels, margin_at(step), {"margin2Ratio": MARGIN2_RATIO}, {"step": step})`,
    pmlMatch: 'exact',
    pmlSummary: 'custom loss',
    pmlNote: 'PML has no quadruplet loss.',
  },
  body: quadrupletBody,
});
