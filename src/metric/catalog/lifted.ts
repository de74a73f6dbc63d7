/**
 * lifted as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/lifted.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export const liftedInfo: LossInfo<BaseLossOptions> = {
  id: 'lifted',
  label: 'Lifted structure',
  description: 'Each positive pair against a smooth maximum over all negatives of both its images.',
  explanation:
    'The lifted structured loss lifts the batch to all pairwise distances: each positive pair is pushed away from ' +
    'every negative of either image, weighted by a soft maximum (log-sum-exp) so that the hardest negatives ' +
    'dominate while the others still contribute.',
  formula: String.raw`J_{ij} = \log\!\Big(\sum_{n \in N(i)} e^{m - d_{in}} + \sum_{n \in N(j)} e^{m - d_{jn}}\Big) + d_{ij},\quad \mathcal{L} = \frac{1}{2|\mathcal{P}|} \sum_{(i,j)\in\mathcal{P}} [J_{ij}]_+^2`,
  source: 'Song, Xiang, Jegelka & Savarese 2016, Lifted Structured Feature Embedding',
  options: [],
  defaults: { ...BASE_DEFAULTS, margin: 1 },
};
