/**
 * batchHardSoft (Hermans, Beyer & Leibe 2017, soft-margin variant): batch hard with `ln(1 + e^{d_ap − d_an})` instead
 * of the hinge, so there is no margin and the term never reaches zero. Miner: hardestPerAnchor; reducer: mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { hardestPerAnchor } from '../mining/hardestPerAnchor';
import { meanReducer } from '../reducers';
import type { BaseLossOptions } from '../types';

export const batchHardSoft = defineLoss<BaseLossOptions>({
  id: 'batchHardSoft',
  label: 'Batch hard, soft margin',
  description: 'Batch hard with softplus instead of a hinge: no margin, never exactly zero.',
  explanation:
    'The soft-margin variant replaces [x + m]_+ with ln(1 + e^x): the loss keeps pulling positives closer even ' +
    'after the margin is met. At collapse (all distances 0) it sits at ln 2 ≈ 0.693. The margin setting only ' +
    'affects the census.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \ln\!\left(1 + e^{\max_p d_{ap} - \min_n d_{an}}\right)`,
  source: 'Hermans, Beyer & Leibe 2017, In Defense of the Triplet Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  inputs: [],
  composition: { miner: 'hardest positive and hardest negative per anchor', reducer: 'mean over anchors' },
  inspector: 'hardestPerAnchor',
  python: {
    fn: 'batch_hard_soft',
    torch: `def batch_hard_soft(dist, labels, margin, options, context):
    """Hermans et al. 2017, soft margin: mean over anchors of softplus(max_p d_ap - min_n d_an)."""
    ap, an, valid = hardest_per_anchor(dist, labels)
    return mean_reducer(torch.nn.functional.softplus(ap - an), valid)`,
    pml: `miner = miners.BatchHardMiner(distance=distance)
loss_func = losses.TripletMarginLoss(margin=0.0, smooth_loss=True, distance=distance, reducer=reducers.MeanReducer())


def triplet_term(embeddings, labels, step):
    return loss_func(embeddings, labels, miner(embeddings, labels))`,
    pmlMatch: 'exact',
    pmlSummary: 'TripletMarginLoss(smooth_loss=True, margin=0) + BatchHardMiner, MeanReducer',
    pmlNote: '',
  },
  body: (batch) => {
    const mined = hardestPerAnchor(batch);
    return { loss: meanReducer(tf.softplus(tf.sub(mined.apDist, mined.anDist)), mined.valid), selection: { kind: 'triplets', ...mined } };
  },
});
