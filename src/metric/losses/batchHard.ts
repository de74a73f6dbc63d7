/**
 * batchHard (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss for Person Re-Identification"; seed 002):
 * per anchor the hardest positive `max_p d_ap` and the hardest negative `min_n d_an`, hinged with the margin and
 * averaged over the anchors that have both. Miner: hardestPerAnchor; reducer: mean.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { hardestPerAnchor } from '../mining/hardestPerAnchor';
import { meanReducer, tripletHinge } from '../reducers';
import type { BaseLossOptions } from '../types';

export const batchHard = defineLoss<BaseLossOptions>({
  id: 'batchHard',
  label: 'Batch hard',
  description: 'Per anchor, the farthest positive against the nearest negative of the batch.',
  explanation:
    'Each anchor is paired with its hardest positive (the farthest image of its identity) and its hardest negative ' +
    '(the nearest image of another identity) within the P×K batch. Hermans et al. found it the strongest online ' +
    'miner for re-identification; with a bad start it can collapse all embeddings to one point.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \left[ \max_p d_{ap} - \min_n d_{an} + m \right]_+`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  inputs: [],
  composition: { miner: 'hardest positive and hardest negative per anchor', reducer: 'mean over anchors' },
  inspector: 'hardestPerAnchor',
  python: {
    fn: 'batch_hard',
    torch: `def batch_hard(dist, labels, margin, options, context):
    """Hermans et al. 2017: mean over anchors with a positive and a negative of [max_p d_ap - min_n d_an + m]_+."""
    ap, an, valid = hardest_per_anchor(dist, labels)
    return mean_reducer(triplet_hinge(ap, an, margin), valid)`,
    pml: `miner = miners.BatchHardMiner(distance=distance)
loss_func = losses.TripletMarginLoss(margin=margin_at(0), distance=distance, reducer=reducers.MeanReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return loss_func(embeddings, labels, miner(embeddings, labels))`,
    pmlMatch: 'exact',
    pmlSummary: 'TripletMarginLoss + BatchHardMiner, MeanReducer',
    pmlNote: '',
  },
  body: (batch, _input, options) => {
    const mined = hardestPerAnchor(batch);
    const { apDist, anDist, valid } = mined;
    return { loss: meanReducer(tripletHinge(apDist, anDist, options.margin), valid), selection: { kind: 'triplets', ...mined } };
  },
});
