import { describe, expect, it } from 'vitest';
import { EXPONENTIAL_FINAL, learningRateAt, type LearningRateSchedule } from './learningRate';

const schedule = (s: Partial<LearningRateSchedule>): LearningRateSchedule => ({ kind: 'constant', start: 100, end: 300, warmup: 0, ...s });

describe('learning-rate schedules', () => {
  it('constant is the base rate at every step', () => {
    for (const t of [0, 99, 100, 5000]) expect(learningRateAt(schedule({}), 0.01, t)).toBe(0.01);
  });

  it('exponential: Hermans et al.\'s ε0 · 0.001^((t − t0)/(t1 − t0)) after t0, held at t1', () => {
    const s = schedule({ kind: 'exponential' });
    expect(learningRateAt(s, 3e-4, 100)).toBe(3e-4);
    // Halfway: 0.001^0.5 = 0.0316228 of the base (hand-computed).
    expect(learningRateAt(s, 3e-4, 200)).toBeCloseTo(3e-4 * 0.0316227766, 12);
    expect(learningRateAt(s, 3e-4, 300)).toBeCloseTo(3e-4 * EXPONENTIAL_FINAL, 15);
    expect(learningRateAt(s, 3e-4, 10_000)).toBeCloseTo(3e-4 * EXPONENTIAL_FINAL, 15);
  });

  it('cosine: ½(1 + cos(π·progress)), 0 at t1', () => {
    const s = schedule({ kind: 'cosine', start: 0, end: 400 });
    expect(learningRateAt(s, 1, 0)).toBe(1);
    expect(learningRateAt(s, 1, 100)).toBeCloseTo(0.8535533906, 10); // ½(1 + cos(π/4))
    expect(learningRateAt(s, 1, 200)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(s, 1, 400)).toBeCloseTo(0, 12);
  });

  it('a linear warm-up climbs from ε0/w to ε0 over w steps, then the schedule takes over', () => {
    const s = schedule({ kind: 'cosine', start: 0, end: 1000, warmup: 4 });
    expect(learningRateAt(s, 1, 0)).toBeCloseTo(0.25 * learningRateAt(schedule({ kind: 'cosine', start: 0, end: 1000 }), 1, 0), 12);
    expect(learningRateAt(s, 1, 1)).toBeCloseTo(0.5 * (0.5 * (1 + Math.cos(Math.PI / 1000))), 12);
    expect(learningRateAt(s, 1, 4)).toBeCloseTo(0.5 * (1 + Math.cos((4 * Math.PI) / 1000)), 12);
  });
});
