/**
 * softmaxTriplet as the page shows it: names, formula, options and defaults, without tfjs. The body is in
 * ../losses/softmaxTriplet.ts.
 */
import { BASE_DEFAULTS } from '../lossInfo';
import type { LossInfo } from '../lossInfo';
import type { BaseLossOptions } from '../types';

export const SOFTMAX_TRIPLET_PARTS = [
  'batchHard',
  'batchHardSoft',
  'batchAll',
  'semiHard',
  'batchOhnm',
  'lifted',
  'quadruplet',
  'msml',
] as const;

export type SoftmaxTripletPart = (typeof SOFTMAX_TRIPLET_PARTS)[number];

export interface SoftmaxTripletOptions extends BaseLossOptions {
  /** Weight w of the triplet term. */
  weight: number;
  /** The in-batch triplet variant, with its default options. */
  triplet: SoftmaxTripletPart;
}

export const softmaxTripletInfo: LossInfo<SoftmaxTripletOptions> = {
  id: 'softmaxTriplet',
  label: 'Softmax + triplet',
  description: 'Identity classification cross-entropy plus a weighted triplet loss.',
  explanation:
    'A classification head over the training identities gives every image a strong, easy-to-optimise signal; ' +
    'the triplet term shapes the distances the lab evaluates. Seed 003 recommends softmax pre-training, or this ' +
    'combination, when triplet training alone converges slowly.',
  formula: String.raw`\mathcal{L} = -\frac{1}{B}\sum_i \log \mathrm{softmax}(z_i)_{y_i} + w \cdot \mathcal{L}_{\text{triplet}}`,
  source: 'Identity softmax combined with a triplet loss, as in Hermans et al. 2017 and Parkhi et al. 2015 (softmax pre-training)',
  options: [
    { name: 'weight', type: 'number', default: 1, min: 0, max: 10, description: 'Weight w of the triplet term.' },
    {
      name: 'triplet',
      type: 'choice',
      default: 'batchHard',
      choices: SOFTMAX_TRIPLET_PARTS,
      description: 'The triplet variant (with its default options).',
    },
  ],
  defaults: { ...BASE_DEFAULTS, weight: 1, triplet: 'batchHard' },
};
