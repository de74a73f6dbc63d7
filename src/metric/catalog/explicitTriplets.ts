/**
 * randomTriplets and offlineHard as the page shows them: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/explicitTriplets.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export interface OfflineHardOptions extends BaseLossOptions {
  /** Trainer: steps between two refreshes of the mined triplets. */
  refreshEvery: number;
  /** Trainer: images embedded per refresh. */
  subsetSize: number;
  /** mineOfflineHard: hardest negative, or the closest one farther than the positive. */
  negative: 'hardest' | 'semiHard';
}

export const randomTripletsInfo: LossInfo<BaseLossOptions> = {
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
};

export const offlineHardInfo: LossInfo<OfflineHardOptions> = {
  id: 'offlineHard',
  label: 'Offline hard mining',
  description: 'Every n steps, mine hardest triplets on an embedded subset; train on them until the next refresh.',
  explanation:
    'Every n steps the trainer embeds a random subset of the training set with the current model and keeps, per ' +
    'anchor, the hardest positive and the hardest (or a semi-hard) negative of that subset (mineOfflineHard). ' +
    'Those triplets are trained on until the next refresh, so they grow stale as the model moves.',
  formula: String.raw`\mathcal{L} = \frac{1}{|\{\ell > 0\}|} \sum_{(a,p,n)} \left[ d_{ap} - d_{an} + m \right]_+`,
  source: 'Schroff et al. 2015, FaceNet, offline triplet generation',
  options: [
    { name: 'refreshEvery', type: 'integer', default: 50, min: 1, max: 10000, description: 'Steps between refreshes (the trainer reads it).' },
    { name: 'subsetSize', type: 'integer', default: 512, min: 16, max: 8192, description: 'Images embedded per refresh.' },
    {
      name: 'negative',
      type: 'choice',
      default: 'hardest',
      choices: ['hardest', 'semiHard'],
      description: 'Hardest negative, or the closest one farther than the positive (hardest when none).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, refreshEvery: 50, subsetSize: 512, negative: 'hardest' },
};
