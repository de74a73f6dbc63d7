import { describe, expect, it } from 'vitest';
import { splitByIdentity } from './split';

describe('splitByIdentity', () => {
  const counts = Array.from({ length: 103 }, (_, i) => (i === 55 ? 0 : i % 10 === 0 ? 1 : 2 + (i % 5)));
  it('sends 20% of the identities with ≥ 2 images to validation; singles stay in train; empty ones nowhere', () => {
    const { train, validation } = splitByIdentity(counts, 42);
    const eligible = counts.filter((n) => n >= 2).length; // 91
    expect(validation.length).toBe(Math.round(0.2 * eligible));
    for (const id of validation) expect(counts[id]).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < counts.length; i += 10) expect(Array.from(train)).toContain(i);
    expect(Array.from(train)).not.toContain(55);
    const all = new Set([...train, ...validation]);
    expect(all.size).toBe(train.length + validation.length);
    expect(all.size).toBe(102);
  });
  it('is seeded', () => {
    expect(Array.from(splitByIdentity(counts, 1).validation)).toEqual(
      Array.from(splitByIdentity(counts, 1).validation),
    );
    expect(Array.from(splitByIdentity(counts, 1).validation)).not.toEqual(
      Array.from(splitByIdentity(counts, 2).validation),
    );
  });
});
