/**
 * semiHard (Schroff, Kalenichenko & Philbin 2015, "FaceNet: A Unified Embedding for Face Recognition and
 * Clustering"; seed 001): every positive pair takes the closest negative farther than the positive. Miner:
 * semiHardNegative; reducer: mean over the pairs kept.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { semiHardNegative, type SemiHardFallback } from '../mining/semiHardNegative';
import { meanReducer, tripletHinge } from '../reducers';
import type { BaseLossOptions } from '../types';

export type { SemiHardFallback } from '../mining/semiHardNegative';

export interface SemiHardOptions extends BaseLossOptions {
  fallback: SemiHardFallback;
  /** Also require d_an < d_ap + m (FaceNet's strict semi-hard window). */
  upperBound: boolean;
}

export const semiHard = defineLoss<SemiHardOptions>({
  id: 'semiHard',
  label: 'Semi-hard',
  description: 'Each positive pair takes the closest negative that is still farther than the positive.',
  explanation:
    'FaceNet trains on all anchor–positive pairs and, for each, the nearest negative with d_an > d_ap: hard enough ' +
    'to teach, not so hard that training collapses early. When an anchor has no such negative, the pair is skipped ' +
    '(pytorch-metric-learning) or uses the farthest negative (TF Addons). The optional upper bound keeps only ' +
    'negatives inside the margin, FaceNet\u2019s strict semi-hard window.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\mathcal{P}|} \sum_{(a,p)} \left[ d_{ap} - \min_{n:\, d_{an} > d_{ap}} d_{an} + m \right]_+`,
  source: 'Schroff, Kalenichenko & Philbin 2015, FaceNet',
  options: [
    {
      name: 'fallback',
      type: 'choice',
      default: 'skip',
      choices: ['skip', 'farthestNegative'],
      description: 'When no negative is farther than the positive: skip the pair, or use the farthest negative.',
    },
    { name: 'upperBound', type: 'boolean', default: false, description: 'Also require d_an < d_ap + m.' },
  ],
  defaults: { ...BASE_DEFAULTS, fallback: 'skip', upperBound: false },
  inputs: [],
  composition: { miner: 'closest negative farther than the positive, per positive pair', reducer: 'mean over the pairs kept' },
  inspector: 'semiHardNegative',
  python: {
    fn: 'semi_hard',
    torch: `def semi_hard(dist, labels, margin, options, context):
    """FaceNet (Schroff et al. 2015): per positive pair the closest negative with d_an > d_ap, mean hinge."""
    ap, an, valid = semi_hard_negative(dist, labels, margin, options.get("fallback", "skip"), options.get("upperBound", False))
    return mean_reducer(triplet_hinge(ap, an, margin), valid)`,
    pml: `# Not identical: PML's semihard miner keeps every triplet with d_ap < d_an < d_ap + m, FaceNet (the lab) only the
# closest such negative per positive pair; the lab's fallback ({{fallback}}) has no PML option.
miner = miners.TripletMarginMiner(margin=margin_at(0), type_of_triplets='semihard', distance=distance)
loss_func = losses.TripletMarginLoss(margin=margin_at(0), distance=distance, reducer=reducers.MeanReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    miner.margin = margin_at(step)
    return loss_func(embeddings, labels, miner(embeddings, labels))`,
    pmlMatch: 'close',
    pmlSummary: "TripletMarginMiner(type_of_triplets='semihard') + TripletMarginLoss, MeanReducer",
    pmlNote: 'PML keeps every semi-hard triplet; FaceNet keeps the closest semi-hard negative of each positive pair.',
  },
  body: (batch, _input, options) => {
    const mined = semiHardNegative(batch, options.margin, options.fallback, options.upperBound);
    return { loss: meanReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid), selection: { kind: 'triplets', ...mined } };
  },
});
