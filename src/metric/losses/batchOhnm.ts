/**
 * batchOhnm, online "moderately hard" negative mining (Wang, Zhang & Lan 2017; Parkhi, Vedaldi & Zisserman 2015,
 * VGG Face; seeds 000 and 003): every positive pair draws a negative at random among those that violate the margin.
 * Miner: moderatelyHardNegative (seeded by `ohnmSeed(seed, step)`); reducer: mean over the pairs with a candidate.
 */
import { defineLoss } from '../lossEntry';
import { BASE_DEFAULTS } from '../lossInfo';
import { moderatelyHardNegative, ohnmSeed } from '../mining/moderatelyHardNegative';
import { meanReducer, tripletHinge } from '../reducers';
import type { BaseLossOptions } from '../types';

export interface BatchOhnmOptions extends BaseLossOptions {
  /** Fraction q in [0, 1) of each anchor's nearest negatives that are never drawn. */
  excludeHardestFraction: number;
  /** Seed of the draws; combined with the step so that each step draws anew, reproducibly. */
  seed: number;
}

export const batchOhnm = defineLoss<BatchOhnmOptions>({
  id: 'batchOhnm',
  label: 'Online moderately hard (OHNM)',
  description: 'Each positive pair draws a random negative among those that violate the margin.',
  explanation:
    'Instead of the nearest negative, which is often a mislabelled image or a near-duplicate, each anchor–positive ' +
    'pair draws one negative at random among those with d_an < d_ap + m: moderately hard examples. Dropping the ' +
    'nearest fraction of negatives guards further against label noise. Draws are seeded, so a run reproduces.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\mathcal{P}'|} \sum_{(a,p)} \left[ d_{ap} - d_{an^*} + m \right]_+,\; n^* \sim \mathcal{U}\{n : d_{an} < d_{ap} + m\}`,
  source: 'Moderately hard negative mining: Wang, Zhang & Lan 2017; Parkhi, Vedaldi & Zisserman 2015 (VGG Face)',
  options: [
    {
      name: 'excludeHardestFraction',
      type: 'number',
      default: 0,
      min: 0,
      max: 0.9,
      description: 'Fraction of each anchor\u2019s nearest negatives never drawn (against label noise).',
    },
    { name: 'seed', type: 'integer', default: 1, min: 0, max: 2 ** 31 - 1, description: 'Seed of the random draws.' },
  ],
  defaults: { ...BASE_DEFAULTS, excludeHardestFraction: 0, seed: 1 },
  inputs: [],
  composition: { miner: 'a random margin-violating negative per positive pair', reducer: 'mean over the pairs with one' },
  inspector: 'marginViolating',
  python: {
    fn: 'batch_ohnm',
    torch: `def batch_ohnm(dist, labels, margin, options, context):
    """Wang et al. 2017: per positive pair a negative drawn among those with d_an < d_ap + m (the lab's seeded draws)."""
    seed = ohnm_seed(options.get("seed", 1), context.get("step", 0))
    ap, an, valid = moderately_hard_negative(dist, labels, margin, options.get("excludeHardestFraction", 0), seed)
    return mean_reducer(triplet_hinge(ap, an, margin), valid)`,
    pml: `# PML has no moderately-hard miner: the lab's own miner, with the lab's seeded draws (alea).
LOSS_OPTIONS = {"excludeHardestFraction": {{excludeHardestFraction}}, "seed": {{seed}}}


def triplet_term(embeddings, labels, step):
    return batch_ohnm(lab_distance(embeddings), labels, margin_at(step), LOSS_OPTIONS, {"step": step})`,
    pmlMatch: 'exact',
    pmlSummary: 'custom miner + triplet hinge, mean',
    pmlNote: "The lab's miner and draws, written out in PyTorch.",
  },
  body: (batch, input, options) => {
    const mined = moderatelyHardNegative(batch, options.margin, options.excludeHardestFraction, ohnmSeed(options.seed, input.step ?? 0));
    return { loss: meanReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid), selection: { kind: 'triplets', ...mined } };
  },
});
