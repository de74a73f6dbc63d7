import { describe, expect, it } from 'vitest';
import { pairDistances, verificationPairs } from './pairs';

const key = (a: number, b: number) => `${a}-${b}`;

function check(labels: Int32Array, pairs: ReturnType<typeof verificationPairs>) {
  const seen = new Set<string>();
  for (let p = 0; p < pairs.a.length; p++) {
    const a = pairs.a[p] as number;
    const b = pairs.b[p] as number;
    expect(a).toBeLessThan(b);
    expect(pairs.same[p]).toBe(labels[a] === labels[b] ? 1 : 0);
    seen.add(key(a, b));
  }
  expect(seen.size).toBe(pairs.a.length); // no pair twice
}

describe('verificationPairs', () => {
  it('takes every positive pair and at least as many negatives (dense case: all of them)', () => {
    // 3 identities × 3 images: 3 × C(3,2) = 9 positives, C(9,2) − 9 = 27 negatives.
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const pairs = verificationPairs(labels, { seed: 1, minNegatives: 100 });
    check(labels, pairs);
    expect(pairs.same.filter((s) => s === 1).length).toBe(9);
    expect(pairs.same.filter((s) => s === 0).length).toBe(27);
  });

  it('caps positives with a seeded sample and samples distinct negatives (sparse case)', () => {
    // 40 identities × 10 images: 1,800 positives, 78,000 negatives.
    const labels = Int32Array.from({ length: 400 }, (_, i) => Math.floor(i / 10));
    const pairs = verificationPairs(labels, { seed: 3, maxPositives: 500, minNegatives: 2000 });
    check(labels, pairs);
    expect(pairs.same.filter((s) => s === 1).length).toBe(500);
    expect(pairs.same.filter((s) => s === 0).length).toBe(2000);
    const again = verificationPairs(labels, { seed: 3, maxPositives: 500, minNegatives: 2000 });
    expect(Array.from(again.a)).toEqual(Array.from(pairs.a));
    expect(Array.from(again.b)).toEqual(Array.from(pairs.b));
    const other = verificationPairs(labels, { seed: 4, maxPositives: 500, minNegatives: 2000 });
    expect(Array.from(other.a)).not.toEqual(Array.from(pairs.a));
  });

  it('negatives = positives × ratio when that exceeds the minimum', () => {
    const labels = Int32Array.from({ length: 400 }, (_, i) => Math.floor(i / 10));
    const pairs = verificationPairs(labels, { seed: 1, negativeRatio: 2, minNegatives: 0 });
    expect(pairs.same.filter((s) => s === 1).length).toBe(1800);
    expect(pairs.same.filter((s) => s === 0).length).toBe(3600);
  });

  it('pairDistances are the row distances', () => {
    const data = Float32Array.from([0, 0, 3, 4, 1, 0]);
    const d = pairDistances(data, 2, { a: Int32Array.from([0, 0, 1]), b: Int32Array.from([1, 2, 2]), same: new Uint8Array(3) }, 'euclidean');
    expect(Array.from(d)).toEqual([5, 1, Math.sqrt(20)]);
    const sq = pairDistances(data, 2, { a: Int32Array.from([0]), b: Int32Array.from([1]), same: new Uint8Array(1) }, 'squaredEuclidean');
    expect(sq[0]).toBe(25);
    const cos = pairDistances(data, 2, { a: Int32Array.from([1]), b: Int32Array.from([2]), same: new Uint8Array(1) }, 'cosine');
    expect(cos[0]).toBeCloseTo(1 - 3 / 5, 12);
  });
});
