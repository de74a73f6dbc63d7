import { describe, expect, it } from 'vitest';
import { marginAt } from './settings';

describe('marginAt (seed 003 warm-up)', () => {
  it('constant', () => {
    expect(marginAt({ kind: 'constant', margin: 0.3 }, 0)).toBe(0.3);
    expect(marginAt({ kind: 'constant', margin: 0.3 }, 10_000)).toBe(0.3);
  });
  it('linear from m0 to m1 over N steps, then m1', () => {
    const s = { kind: 'linear' as const, from: 0.1, to: 0.5, steps: 100 };
    expect(marginAt(s, 0)).toBeCloseTo(0.1, 12);
    expect(marginAt(s, 25)).toBeCloseTo(0.2, 12);
    expect(marginAt(s, 50)).toBeCloseTo(0.3, 12);
    expect(marginAt(s, 100)).toBe(0.5);
    expect(marginAt(s, 1000)).toBe(0.5);
  });
  it('one step at N', () => {
    const s = { kind: 'step' as const, from: 0.1, to: 0.5, steps: 100 };
    expect(marginAt(s, 99)).toBe(0.1);
    expect(marginAt(s, 100)).toBe(0.5);
  });
});
