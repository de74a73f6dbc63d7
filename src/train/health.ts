/**
 * Health signals of metric-learning.md: collapse (every embedding at one point, FaceNet's f(x) = 0; triplet-reid
 * issue 30) and non-finite losses. Pure: fed one step's statistics at a time.
 */
import type { StepStats } from '../metric';

/** Steps in a row that must look collapsed before the lab says so (one flat batch is not a collapse). */
export const COLLAPSE_WINDOW = 20;
/** Distances below this (on the unit sphere, where they range to 2) count as "all at one point". */
export const COLLAPSE_DISTANCE = 1e-2;

export const COLLAPSE_GUIDANCE =
  'Every embedding has fallen onto one point, so the loss is stuck (at the margin for hinge losses, at ln 2 ≈ 0.693 for the soft margin). ' +
  'Reset and try a lower learning rate, a smaller P or K, a softer miner (semiHard or batchOhnm instead of batchHard), or a pretrained start.';

export interface CollapseDetector {
  /** Feeds one step; returns true once the last COLLAPSE_WINDOW steps all looked collapsed. */
  observe(stats: StepStats): boolean;
  reset(): void;
}

/** A step looks collapsed when positives and negatives are both (almost) at distance 0 and the loss is not 0. */
export function looksCollapsed(stats: StepStats): boolean {
  if (stats.noPositives) return false;
  const spread = Math.max(stats.apMean, stats.anMean);
  return spread < COLLAPSE_DISTANCE && stats.loss > 0;
}

export function createCollapseDetector(window = COLLAPSE_WINDOW): CollapseDetector {
  let run = 0;
  return {
    observe(stats) {
      run = looksCollapsed(stats) ? run + 1 : 0;
      return run >= window;
    },
    reset() {
      run = 0;
    },
  };
}
