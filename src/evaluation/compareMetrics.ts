/**
 * What a comparison over seeds reports, as plain data (no tfjs, no statistics code): the page and the report read
 * these; comparisonSummary.ts computes them in the worker.
 */
import { DEFAULT_FAR } from './evaluate';
import type { Interval } from './seedStatistics';

export const COMPARE_METRICS = [
  { id: 'recallAt1', label: 'Recall@1', higherIsBetter: true },
  { id: 'mapAtR', label: 'mAP@R', higherIsBetter: true },
  { id: 'auc', label: 'AUC', higherIsBetter: true },
  { id: 'tarAtFar', label: `TAR@FAR=${DEFAULT_FAR}`, higherIsBetter: true },
  { id: 'finalLoss', label: 'final loss', higherIsBetter: false },
] as const;

export type CompareMetricId = (typeof COMPARE_METRICS)[number]['id'];

/** One configuration trained with one seed, at the end of its budget. */
export interface SeedResult {
  /** 0-based index of the seed; the run's seed is the base seed + this. */
  seed: number;
  metrics: Record<CompareMetricId, number>;
  steps: number;
  images: number;
  msPerStep: number;
}

export interface ConfigSummary {
  label: string;
  perSeed: SeedResult[];
  metrics: Record<CompareMetricId, Interval>;
  msPerStep: Interval;
}

export interface PairVerdict {
  metric: CompareMetricId;
  /** Configuration indices. */
  a: number;
  b: number;
  winner: number | null;
  /** Mean of a − b over seeds and the half-width of its interval. */
  difference: number;
  halfWidth: number;
  text: string;
}

export interface CompareSummary {
  /** Seeds every configuration has finished. */
  seeds: number;
  configs: ConfigSummary[];
  verdicts: PairVerdict[];
}

