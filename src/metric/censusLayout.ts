/**
 * The census as numbers: its packed layout and its decoding. No tfjs, so the page can read a census it receives.
 * The census itself is computed in census.ts.
 */

/** Base of the two-float split `count = hi · COUNT_BASE + lo`. */
export const COUNT_BASE = 4096;

/** Layout of a census tensor: [hardHi, hardLo, semiHardHi, semiHardLo, easyHi, easyLo, totalHi, totalLo]. */
export const CENSUS_LENGTH = 8;

export interface Census {
  easy: number;
  semiHard: number;
  hard: number;
  /** Number of valid triplets, `Σ_a (k_a − 1)(B − k_a)` for the population. */
  total: number;
}

/** Reads a census from its packed floats (8 values from `offset`), exactly. */
export function decodeCensus(packed: ArrayLike<number>, offset = 0): Census {
  const at = (i: number): number => {
    const hi = packed[offset + 2 * i] ?? 0;
    const lo = packed[offset + 2 * i + 1] ?? 0;
    return hi * COUNT_BASE + lo;
  };
  return { hard: at(0), semiHard: at(1), easy: at(2), total: at(3) };
}
