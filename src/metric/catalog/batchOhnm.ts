/**
 * batchOhnm as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/batchOhnm.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export interface BatchOhnmOptions extends BaseLossOptions {
  /** Fraction q in [0, 1) of each anchor's nearest negatives that are never drawn. */
  excludeHardestFraction: number;
  /** Seed of the draws; combined with the step so that each step draws anew, reproducibly. */
  seed: number;
}

export const batchOhnmInfo: LossInfo<BatchOhnmOptions> = {
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
};
