/**
 * batchHard and batchHardSoft as the page shows them: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/batchHard.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export const batchHardInfo: LossInfo<BaseLossOptions> = {
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
};

export const batchHardSoftInfo: LossInfo<BaseLossOptions> = {
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
};
