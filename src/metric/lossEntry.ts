/**
 * A loss as the lab runs it: its LossInfo (lossInfo.ts, plain data the page and the exporters read) and a body over
 * a prepared batch. `runLoss` adds what every loss shares: distances, census, step statistics, tensor ownership.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareBatch } from './batch';
import type { PreparedBatch } from './batch';
import { populationCensus, selectionCensus } from './census';
import { histogramRange } from './distance';
import type { LossInfo } from './lossInfo';
import { packStepStats } from './stats';
import { offTape } from './stopGradient';
import type { BaseLossOptions, LossInput, LossOutput, LossResult } from './types';

/** A loss: its plain description (LossInfo) and the body that computes it. */
export interface LossEntry<O extends BaseLossOptions> extends LossInfo<O> {
  /** The loss on a prepared batch; runs inside runLoss's tidy. */
  body: (batch: PreparedBatch, input: LossInput, options: O) => LossResult;
}

/** Declares a loss; the identity, so that the options type is checked against defaults and body. */
export function defineLoss<O extends BaseLossOptions>(entry: LossEntry<O>): LossEntry<O> {
  return entry;
}

/** The plain part of an entry (what `virtual:loss-catalog` ships to the page). */
export function lossInfoOf<O extends BaseLossOptions>(entry: LossEntry<O>): LossInfo<O> {
  const { body: _body, ...info } = entry;
  return info;
}

/**
 * Runs a loss on a batch and packs its step statistics.
 * @returns loss and stats, owned by the caller; nothing else is left allocated
 */
export function runLoss<O extends BaseLossOptions>(entry: LossEntry<O>, input: LossInput, options: O): LossOutput {
  const distance = entry.fixedDistance ?? options.distance;
  const opts: O = { ...options, distance };
  return tf.tidy(() => {
    const batch = prepareBatch(input.embeddings, input.labels, distance, opts.normalize, input.labelValues);
    try {
      const { loss, stats } = lossAndStats(entry, batch, input, opts);
      return { loss, stats };
    } finally {
      batch.release();
    }
  });
}

function lossAndStats<O extends BaseLossOptions>(
  entry: LossEntry<O>,
  batch: PreparedBatch,
  input: LossInput,
  opts: O,
): LossOutput {
  const { loss, selection } = entry.body(batch, input, opts);
  // Nothing below needs a gradient: off the tape, its [B, B] tensors are not copied for a backward pass.
  const stats = offTape(() => {
    const population = populationCensus(batch, opts.margin);
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
    return packStepStats(batch, loss, population, selected, opts.margin, histogramRange(opts.distance));
  });
  return { loss, stats };
}
