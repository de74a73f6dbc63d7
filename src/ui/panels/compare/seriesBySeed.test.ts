import { describe, expect, it } from 'vitest';
import { meanWithBand } from './seriesBySeed';

describe('meanWithBand', () => {
  it('averages the seeds that reached each step and spans their range', () => {
    const points = [
      { step: 2, seed: 0, value: 0.5 },
      { step: 1, seed: 0, value: 1 },
      { step: 1, seed: 1, value: 0.6 },
      { step: 1, seed: 2, value: 0.8 },
      { step: 2, seed: 1, value: Number.NaN },
    ];
    const got = meanWithBand(points);
    expect(got).toEqual([
      { step: 1, mean: expect.closeTo(0.8, 12), low: 0.6, high: 1, seeds: 3 },
      { step: 2, mean: 0.5, low: 0.5, high: 0.5, seeds: 1 },
    ]);
  });
});
