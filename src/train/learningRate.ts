/**
 * Learning-rate schedules: constant; exponential decay from step t0 to t1 (Hermans et al., "In Defense of the Triplet
 * Loss", 2017: ε(t) = ε0 for t ≤ t0, ε0 · 0.001^((t − t0)/(t1 − t0)) after, reaching 0.001·ε0 at t1); cosine annealing
 * from t0 to 0 at t1 (Loshchilov & Hutter, SGDR, without restarts). Each with an optional linear warm-up over the
 * first steps (Goyal et al., 2017). The same formulas are written out in the Python export.
 */

export type LearningRateScheduleKind = 'constant' | 'exponential' | 'cosine';

export interface LearningRateSchedule {
  kind: LearningRateScheduleKind;
  /** t0: the step the decay starts at (the rate is constant before). */
  start: number;
  /** t1: exponential reaches EXPONENTIAL_FINAL · ε0 here, cosine reaches 0; both hold that value after. */
  end: number;
  /** Linear warm-up from ε0 / warmup to ε0 over this many steps (0: none). */
  warmup: number;
}

/**
 * The fine-tuned pretrained backbone's learning rate, as a fraction of the run's (discriminative learning rates; the
 * measurement behind it is in optimizers.ts).
 */
export const FINE_TUNE_LR_SCALE = 0.01;

/** Hermans et al. decay to 0.001 of the base rate at t1. */
export const EXPONENTIAL_FINAL = 0.001;

export const CONSTANT_LEARNING_RATE: LearningRateSchedule = { kind: 'constant', start: 1000, end: 2000, warmup: 0 };

/** The learning rate of (0-based) step `step` for base rate `base`. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, step: number): number {
  const warm = schedule.warmup > 0 && step < schedule.warmup ? (step + 1) / schedule.warmup : 1;
  const { start, end } = schedule;
  const progress = end > start ? Math.min(1, Math.max(0, (step - start) / (end - start))) : step >= start ? 1 : 0;
  switch (schedule.kind) {
    case 'constant':
      return base * warm;
    case 'exponential':
      return base * warm * Math.pow(EXPONENTIAL_FINAL, progress);
    case 'cosine':
      return base * warm * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}

/** One line for tables and logs. */
export function describeSchedule(s: LearningRateSchedule): string {
  const warm = s.warmup > 0 ? `, warm-up ${s.warmup} steps` : '';
  switch (s.kind) {
    case 'constant':
      return `constant${warm}`;
    case 'exponential':
      return `exponential decay from step ${s.start} to ×${EXPONENTIAL_FINAL} at ${s.end}${warm}`;
    case 'cosine':
      return `cosine from step ${s.start} to 0 at ${s.end}${warm}`;
  }
}
