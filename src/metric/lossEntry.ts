/**
 * A loss as the lab knows it: metadata for the UI, default options, and a body over a prepared batch.
 * `runLoss` adds what every loss shares: distances, census, step statistics, tensor ownership.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareBatch } from './batch';
import type { PreparedBatch } from './batch';
import { populationCensus, selectionCensus } from './census';
import { histogramRange } from './distance';
import type { DistanceName } from './distance';
import { packStepStats } from './stats';
import type { BaseLossOptions, LossInput, LossOutput, LossResult, OptionSpec } from './types';

export interface LossEntry<O extends BaseLossOptions> {
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
  /** The loss on a prepared batch; runs inside runLoss's tidy. */
  body: (batch: PreparedBatch, input: LossInput, options: O) => LossResult;
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

/**
 * Runs a loss on a batch and packs its step statistics.
 * @returns loss and stats, owned by the caller; nothing else is left allocated
 */
export function runLoss<O extends BaseLossOptions>(entry: LossEntry<O>, input: LossInput, options: O): LossOutput {
  const distance = entry.fixedDistance ?? options.distance;
  const opts: O = { ...options, distance };
  return tf.tidy(() => {
    const batch = prepareBatch(input.embeddings, input.labels, distance, opts.normalize);
    const { loss, selection } = entry.body(batch, input, opts);
    const population = populationCensus(batch.dist, batch.masks, batch.negatives, opts.margin);
    let selected: tf.Tensor1D;
    switch (selection.kind) {
      case 'population':
        selected = population;
        break;
      case 'census':
        selected = selection.census;
        break;
      case 'triplets':
        selected = selectionCensus(selection.apDist, selection.anDist, selection.valid, opts.margin);
        break;
    }
    const stats = packStepStats(batch, loss, population, selected, opts.margin, histogramRange(distance));
    return { loss, stats };
  });
}
