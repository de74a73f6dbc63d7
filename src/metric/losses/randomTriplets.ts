/**
 * randomTriplets (Schroff et al. 2015, FaceNet's baseline; method 1 of Wang, Zhang & Lan 2017; seed 000): triplets
 * drawn uniformly from the whole training set by the sampler, brought in as `LossInput.triplets`. Miner: the
 * explicit triplets; reducer: mean over the non-zero terms.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { explicitTriplets } from '../mining/explicitTriplets';
import { avgNonZeroReducer, tripletHinge } from '../reducers';
import type { BaseLossOptions, LossInput } from '../types';
import type { PreparedBatch } from '../batch';
import type { LossResult } from '../types';

/** The body shared with offlineHard: mean≠0 hinge over the triplets that came with the batch. */
export function explicitTripletsBody(batch: PreparedBatch, input: LossInput, options: BaseLossOptions): LossResult {
  if (!input.triplets) throw new Error('randomTriplets/offlineHard need LossInput.triplets (anchor, positive, negative).');
  const mined = explicitTriplets(batch, input.labels, input.triplets);
  return { loss: avgNonZeroReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid), selection: { kind: 'triplets', ...mined } };
}

/**
 * The PyTorch of both explicit-triplet losses: the lab's triplets when they come with the batch (the golden batch),
 * else `fallback` triplets within the P×K batch ('random' or 'hardest', see batch_triplets in losses.py).
 */
export const EXPLICIT_TRIPLETS_TORCH = (fn: string, fallback: 'random' | 'hardest') => `def ${fn}(dist, labels, margin, options, context):
    """Mean over the non-zero terms of [d_ap - d_an + m]_+ over the batch's triplets."""
    triplets = context.get("triplets")
    if triplets is None:
        triplets = batch_triplets(dist, labels, "${fallback}", context.get("step", 0))
    ap, an, valid = explicit_triplets(dist, labels, triplets)
    return avg_nonzero_reducer(triplet_hinge(ap, an, margin), valid)`;

export const randomTriplets = defineLoss<BaseLossOptions>({
  id: 'randomTriplets',
  label: 'Random triplets',
  description: 'Triplets drawn uniformly from the whole training set, not mined in the batch.',
  explanation:
    'The baseline: anchor, positive and negative are drawn at random among all valid triplets of the training ' +
    'set (drawRandomTriplets). Most are easy, so most terms are zero and learning slows down as the model improves; ' +
    'the census shows it.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\{\ell > 0\}|} \sum_{(a,p,n)} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Schroff et al. 2015, FaceNet, baseline; method 1 of Wang, Zhang & Lan 2017',
  options: [],
  defaults: { ...BASE_DEFAULTS },
  inputs: ['sampledTriplets'],
  composition: { miner: 'triplets drawn uniformly over the training set (sampler)', reducer: 'mean over the non-zero terms' },
  inspector: 'none',
  python: {
    fn: 'random_triplets',
    torch: EXPLICIT_TRIPLETS_TORCH('random_triplets', 'random'),
    pml: `# The lab draws triplets uniformly from the whole training set; this draws one random triplet per anchor in each batch.
loss_func = losses.TripletMarginLoss(margin=margin_at(0), triplets_per_anchor=1, distance=distance, reducer=reducers.AvgNonZeroReducer())


def triplet_term(embeddings, labels, step):
    loss_func.margin = margin_at(step)
    return loss_func(embeddings, labels)`,
    pmlMatch: 'approximate',
    pmlSummary: 'TripletMarginLoss(triplets_per_anchor=1), AvgNonZeroReducer',
    pmlNote: 'Random triplets within each batch, not over the whole training set.',
  },
  body: explicitTripletsBody,
});
