import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { defaultSubspaceCount, lookAlikePairs, subspaceCount, subspaceMembers, subspaceSizes, subspaceTable } from './subspaces';

describe('defaultSubspaceCount', () => {
  it('aims for 2 × P identities per subspace, at least 2 subspaces, never more than identities', () => {
    expect(defaultSubspaceCount(160, 8)).toBe(10);
    expect(defaultSubspaceCount(100_000, 32)).toBe(1563);
    expect(defaultSubspaceCount(10, 8)).toBe(2);
    expect(defaultSubspaceCount(3, 0)).toBe(2);
  });
});

describe('subspaceCount', () => {
  it('takes the choice within [2, identities], else the default', () => {
    expect(subspaceCount(160, 8, null)).toBe(10);
    expect(subspaceCount(160, 8, 25)).toBe(25);
    expect(subspaceCount(160, 8, 500)).toBe(160);
    expect(subspaceCount(160, 8, 1)).toBe(2);
    expect(subspaceCount(0, 8, null)).toBe(2);
  });
});

describe('subspaceTable', () => {
  it('places each identity at its id and leaves the others at −1', () => {
    expect(Array.from(subspaceTable([4, 1, 2], [0, 2, 1], 6))).toEqual([-1, 2, 1, -1, 0, -1]);
  });
});

describe('subspaceSizes and subspaceMembers', () => {
  it('counts, sorts largest first and groups members by family', () => {
    const ids = [10, 11, 12, 13, 14, 15];
    const assignments = [1, 0, 1, 2, 1, 0];
    const families = [7, 3, 3, 9, 5, 3];
    expect(subspaceSizes(assignments, 4)).toEqual([2, 3, 1, 0]);
    expect(subspaceMembers(ids, assignments, 4, families)).toEqual([
      { id: 1, members: [12, 14, 10], families: 3 },
      { id: 0, members: [11, 15], families: 1 },
      { id: 2, members: [13], families: 1 },
      { id: 3, members: [], families: 0 },
    ]);
    expect(subspaceMembers(ids, assignments, 4, null)[0]).toEqual({ id: 1, members: [10, 12, 14], families: null });
  });
});

describe('lookAlikePairs', () => {
  it('matches a naive loop over all pairs', () => {
    const rng = createRng(5);
    const n = 60;
    const families = Array.from({ length: n }, () => rng.int(12));
    const assignments = Array.from({ length: n }, () => rng.int(5));
    let pairs = 0;
    let together = 0;
    let same = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        if (assignments[i] === assignments[j]) same++;
        if (j > i && families[i] === families[j]) {
          pairs++;
          if (assignments[i] === assignments[j]) together++;
        }
      }
    }
    const got = lookAlikePairs(families, assignments);
    expect(pairs).toBeGreaterThan(0);
    expect(got.pairs).toBe(pairs);
    expect(got.together).toBeCloseTo(together / pairs, 12);
    expect(got.chance).toBeCloseTo(same / (n * (n - 1)), 12);
  });

  it('hand-checked: two families of two, one kept together', () => {
    // families {0,1} and {2,3}; subspaces {0,1,2} and {3}: pair (0,1) together, pair (2,3) split.
    const got = lookAlikePairs([0, 0, 1, 1], [0, 0, 0, 1]);
    expect(got).toEqual({ pairs: 2, together: 0.5, chance: 6 / 12 });
  });
});
