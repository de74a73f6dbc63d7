/**
 * quadruplet as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/quadruplet.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export interface QuadrupletOptions extends BaseLossOptions {
  /** m2 = margin2Ratio · margin; Chen et al. require m1 > m2. */
  margin2Ratio: number;
}

export const quadrupletInfo: LossInfo<QuadrupletOptions> = {
  id: 'quadruplet',
  label: 'Quadruplet',
  description: 'Batch hard plus a second push: the positive distance below the closest pair of two other identities.',
  explanation:
    'The quadruplet loss adds a term whose negative pair shares no image with the anchor: the positive distance ' +
    'must also undercut, by a smaller margin m2, the closest pair of two other identities. This enlarges the gap ' +
    'between intra- and inter-identity distances globally, not only around each anchor.',
  formula: String.raw`\mathcal{L} = \frac{1}{B} \sum_a \left[ d_{ap} - d_{an_1} + m_1 \right]_+ + \left[ d_{ap} - d_{ij} + m_2 \right]_+`,
  source: 'Chen, Chen, Zhang & Huang 2017, Beyond triplet loss: a deep quadruplet network',
  options: [
    {
      name: 'margin2Ratio',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      description: 'm2 as a fraction of the margin m1 (Chen et al. need m2 < m1); follows a margin schedule.',
    },
  ],
  defaults: { ...BASE_DEFAULTS, margin2Ratio: 0.5 },
};
