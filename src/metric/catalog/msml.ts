/**
 * msml as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/msml.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export const msmlInfo: LossInfo<BaseLossOptions> = {
  id: 'msml',
  label: 'Margin sample mining (MSML)',
  description: 'The hardest positive pair against the hardest negative pair of the whole batch.',
  explanation:
    'MSML keeps a single term per batch: the largest distance between two images of one identity must be smaller, ' +
    'by the margin, than the smallest distance between images of two identities. The pairs need not share an anchor, ' +
    'which makes it a relative of the quadruplet loss.',
  formula: String.raw`\mathcal{L} = \left[ \max_{y_i = y_j} d_{ij} - \min_{y_i \ne y_j} d_{ij} + m \right]_+`,
  source: 'Xiao, Luo, Zheng & Zhang 2017, Margin Sample Mining Loss',
  options: [],
  defaults: { ...BASE_DEFAULTS },
};
