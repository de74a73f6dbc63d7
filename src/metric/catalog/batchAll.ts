/**
 * batchAll as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/batchAll.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export type BatchAllReduction = 'meanNonZero' | 'mean';

export interface BatchAllOptions extends BaseLossOptions {
  /** `meanNonZero`: average over the active triplets only (Hermans' "≠0"); `mean`: over all valid triplets. */
  reduction: BatchAllReduction;
}

export const batchAllInfo: LossInfo<BatchAllOptions> = {
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
};
