/**
 * A loss as the page knows it: what menus, explanations and the URL need, and no tfjs, so the page can show and
 * configure every loss without loading TensorFlow.js. lossEntry.ts adds the body that computes it.
 */
import type { DistanceName } from './distance';
import type { BaseLossOptions, OptionSpec } from './types';

export interface LossInfo<O extends BaseLossOptions> {
  id: string;
  /** Short name for menus. */
  label: string;
  /** One line. */
  description: string;
  /** One paragraph for the UI. */
  explanation: string;
  /** LaTeX. */
  formula: string;
  /** Paper and seed document. */
  source: string;
  /** The options beyond margin / distance / normalize, for the UI. */
  options: readonly OptionSpec[];
  defaults: O;
  /** A loss that only makes sense with one distance (angularTriplet: cosine) forces it. */
  fixedDistance?: DistanceName;
}

/** The options every loss shares, as shown in the UI. */
export const BASE_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'margin', type: 'number', default: 0.2, min: 0, max: 2, description: 'Margin m of the hinge and of the census.' },
  {
    name: 'distance',
    type: 'choice',
    default: 'euclidean',
    choices: ['euclidean', 'squaredEuclidean', 'cosine'],
    description: 'Distance between embeddings.',
  },
  { name: 'normalize', type: 'boolean', default: true, description: 'L2-normalise embeddings before measuring distances.' },
];

export const BASE_DEFAULTS: BaseLossOptions = { margin: 0.2, distance: 'euclidean', normalize: true };
