import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import type { DistanceKernel } from './distanceKernel';
import { centerNormsSquared, nearestScratch, nearestTwo } from './nearest';
import { simdKernel } from './simdKernel';
import { rowNormsSquared } from './vectors';

describe('nearestTwo', () => {
  for (const { dim, k, n } of [
    { dim: 128, k: 100, n: 300 },
    { dim: 5, k: 1, n: 70 },
    { dim: 16, k: 13, n: 131 },
  ]) {
    it(`wasm nearestTwo gives the TypeScript loop's values over the same products (dim=${dim} k=${k})`, () => {
      const rng = createRng(dim + k);
      const x = Float32Array.from({ length: n * dim }, () => rng.normal());
      const c = Float64Array.from({ length: k * dim }, () => rng.normal());
      const norms = rowNormsSquared(x, dim);
      const cn = centerNormsSquared(c, dim);
      const rows = Int32Array.from({ length: n - 3 }, (_, p) => (p * 7) % n); // gathered, out of order
      const simd = simdKernel(dim)!;
      const productsOnly: DistanceKernel = { name: 'dots only', setCenters: simd.setCenters, dots: simd.dots };
      const results = [simd, productsOnly].map((kernel) => {
        const labels = new Int32Array(n).fill(-2);
        const first = new Float64Array(n).fill(NaN);
        const second = new Float64Array(n).fill(NaN);
        kernel.setCenters(c, k, dim);
        for (let from = 0; from < rows.length; from += 97) {
          const to = Math.min(rows.length, from + 97);
          nearestTwo(kernel, x, norms, rows, from, to, cn, labels, first, second, nearestScratch(k));
        }
        return { labels: Array.from(labels), first: Array.from(first), second: Array.from(second) };
      });
      expect(results[0]).toEqual(results[1]);
      expect(results[0]!.labels.filter((l) => l >= 0)).toHaveLength(new Set(rows).size);
      if (k === 1) expect(results[0]!.second.filter((v) => v === Infinity)).toHaveLength(new Set(rows).size);
    });
  }
});
