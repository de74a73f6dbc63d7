/**
 * semiHard as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/semiHard.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export type SemiHardFallback = 'skip' | 'farthestNegative';

export interface SemiHardOptions extends BaseLossOptions {
  fallback: SemiHardFallback;
  /** Also require d_an < d_ap + m (FaceNet's strict semi-hard window). */
  upperBound: boolean;
}

export const semiHardInfo: LossInfo<SemiHardOptions> = {
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
};
