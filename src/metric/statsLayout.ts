/**
 * Step statistics as numbers: the layout of the small float32 tensor packed each step (stats.ts), and its decoding
 * after one asynchronous read (`await stats.data()`). No tfjs here, so the page can decode what a worker posts.
 *
 * Layout (STEP_STATS_LENGTH = 66 floats):
 *
 * | offset | field |
 * | --- | --- |
 * | 0 | loss |
 * | 1 | noPositives (1 or 0) |
 * | 2 | margin used this step |
 * | 3 | histogram upper bound `h` (distance range [0, h]) |
 * | 4–11 | population census, [hard, semiHard, easy, total] each as (hi, lo), `n = hi · 4096 + lo` |
 * | 12–19 | selection census, same layout |
 * | 20, 21 | mean and std of d_ap over all positive pairs (a, p), ordered |
 * | 22, 23 | mean and std of d_an over all negative pairs (a, n), ordered |
 * | 24 | mean L2 norm of the raw embeddings |
 * | 25 | reserved (0) |
 * | 26–45 | histogram of d_ap: 20 equal bins over [0, h]; values ≥ h fall in the last bin |
 * | 46–65 | histogram of d_an, same bins |
 *
 * `h` is 2 for euclidean and cosine and 4 for squared euclidean: the ranges of normalised embeddings. Unnormalised
 * embeddings can exceed them; the overflow then piles up in the last bin. Histogram counts are exact integers
 * for B ≤ 4,096 (every count is below B² ≤ 2^24).
 */
import { decodeCensus } from './censusLayout';
import type { Census } from './censusLayout';

export const HISTOGRAM_BINS = 20;
export const STEP_STATS_LENGTH = 26 + 2 * HISTOGRAM_BINS;

const OFFSET = {
  loss: 0,
  noPositives: 1,
  margin: 2,
  histogramMax: 3,
  population: 4,
  selection: 12,
  apMean: 20,
  apStd: 21,
  anMean: 22,
  anStd: 23,
  meanNorm: 24,
  apHistogram: 26,
  anHistogram: 26 + HISTOGRAM_BINS,
} as const;

export interface StepStats {
  loss: number;
  noPositives: boolean;
  margin: number;
  /** Histogram range is [0, histogramMax]. */
  histogramMax: number;
  population: Census;
  selection: Census;
  /** (hard + semiHard) / total of the population; 0 when there are no valid triplets. */
  activeFraction: number;
  /** (hard + semiHard) / total of the selection. */
  selectionActiveFraction: number;
  apMean: number;
  apStd: number;
  anMean: number;
  anStd: number;
  meanEmbeddingNorm: number;
  /** HISTOGRAM_BINS counts of ordered positive pairs. */
  apHistogram: number[];
  /** HISTOGRAM_BINS counts of ordered negative pairs. */
  anHistogram: number[];
}

const fraction = (c: Census): number => (c.total > 0 ? (c.hard + c.semiHard) / c.total : 0);

/** Decodes the packed statistics; the census counts come back as exact integers. */
export function unpackStepStats(packed: Float32Array): StepStats {
  if (packed.length !== STEP_STATS_LENGTH) {
    throw new Error(`unpackStepStats: expected ${STEP_STATS_LENGTH} floats, got ${packed.length}`);
  }
  const at = (i: number): number => packed[i] ?? 0;
  const population = decodeCensus(packed, OFFSET.population);
  const selection = decodeCensus(packed, OFFSET.selection);
  return {
    loss: at(OFFSET.loss),
    noPositives: at(OFFSET.noPositives) > 0.5,
    margin: at(OFFSET.margin),
    histogramMax: at(OFFSET.histogramMax),
    population,
    selection,
    activeFraction: fraction(population),
    selectionActiveFraction: fraction(selection),
    apMean: at(OFFSET.apMean),
    apStd: at(OFFSET.apStd),
    anMean: at(OFFSET.anMean),
    anStd: at(OFFSET.anStd),
    meanEmbeddingNorm: at(OFFSET.meanNorm),
    apHistogram: Array.from(packed.subarray(OFFSET.apHistogram, OFFSET.apHistogram + HISTOGRAM_BINS)),
    anHistogram: Array.from(packed.subarray(OFFSET.anHistogram, OFFSET.anHistogram + HISTOGRAM_BINS)),
  };
}

