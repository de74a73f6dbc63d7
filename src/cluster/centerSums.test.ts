import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { inertiaFromSums, moveRow } from './centerSums';
import { centerNormsSquared } from './nearest';
import { rowNormsSquared, squaredDistanceTo } from './vectors';

describe('centre sums', () => {
  it('running sums follow moved rows, and give the direct inertia', () => {
    const [n, dim, k] = [200, 7, 5];
    const rng = createRng(3);
    const x = Float32Array.from({ length: n * dim }, () => rng.normal() * 4 + 1);
    const centers = Float64Array.from({ length: k * dim }, () => rng.normal());
    const labels = new Int32Array(n).fill(-1);
    const sums = new Float64Array(k * dim);
    const counts = new Float64Array(k);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < n; i++) {
        const to = rng.int(k);
        if (to !== labels[i]) moveRow(x, dim, i, labels[i]!, to, sums, counts);
        labels[i] = to;
      }
    }
    const fresh = new Float64Array(k * dim);
    const freshCounts = new Float64Array(k);
    let direct = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i]!;
      freshCounts[a]!++;
      for (let t = 0; t < dim; t++) fresh[a * dim + t]! += x[i * dim + t]!;
      direct += squaredDistanceTo(x, i, centers, a, dim);
    }
    expect(Array.from(counts)).toEqual(Array.from(freshCounts));
    sums.forEach((v, q) => expect(v).toBeCloseTo(fresh[q]!, 9));
    const normsTotal = rowNormsSquared(x, dim).reduce((a, b) => a + b, 0);
    const fromSums = inertiaFromSums(normsTotal, centers, centerNormsSquared(centers, dim), sums, counts, dim);
    expect(Math.abs(fromSums / direct - 1)).toBeLessThan(1e-12);
  });
});
