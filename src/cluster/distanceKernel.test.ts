import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { blockedKernel } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';
import { simdKernel } from './simdKernel';
import { simdSupported } from './simdModule';

/** Oracle: x_i · c_j by a plain float64 loop. */
function naiveDot(x: Float32Array, i: number, c: Float64Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) s += x[i * dim + t]! * c[j * dim + t]!;
  return s;
}

const kernels: [string, (dim: number) => DistanceKernel, number][] = [
  ['blocked', () => blockedKernel(), 1e-12],
  ['simd', (dim) => simdKernel(dim)!, 2e-6], // float32 products: relative to Σ|x_t c_t|
  ['simd fused', (dim) => simdKernel(dim, { fused: true })!, 2e-6],
];

describe('distance kernels against a float64 loop', () => {
  it('this engine has WebAssembly SIMD (Node ≥ 16, every current browser)', () => {
    expect(simdSupported()).toBe(true);
  });

  for (const [name, make, rel] of kernels) {
    for (const { dim, k, n } of [
      { dim: 1, k: 1, n: 3 },
      { dim: 3, k: 7, n: 10 },
      { dim: 5, k: 9, n: 67 },
      { dim: 8, k: 8, n: 5 },
      { dim: 128, k: 100, n: 131 },
      { dim: 130, k: 17, n: 64 },
    ]) {
      it(`${name}: dim=${dim} k=${k}, gathered rows in blocks, odd counts`, () => {
        const rng = createRng(dim * 1000 + k);
        const x = Float32Array.from({ length: n * dim }, () => rng.normal() * 3);
        const c = Float64Array.from({ length: k * dim }, () => rng.normal());
        // rows out of order, with repeats; calls over [from, to) slices of 1..64 rows
        const rows = Int32Array.from({ length: n + 5 }, () => rng.int(n));
        const kernel = make(dim);
        kernel.setCenters(c, k, dim);
        let worst = 0;
        for (let from = 0; from < rows.length; ) {
          const to = Math.min(rows.length, from + 1 + rng.int(64));
          const out = new Float64Array((to - from) * k).fill(NaN);
          kernel.dots(x, rows, from, to, out);
          for (let p = from; p < to; p++) {
            for (let j = 0; j < k; j++) {
              let scale = 0;
              for (let t = 0; t < dim; t++) scale += Math.abs(x[rows[p]! * dim + t]! * c[j * dim + t]!);
              const err = Math.abs(out[(p - from) * k + j]! - naiveDot(x, rows[p]!, c, j, dim)) / (scale + 1e-30);
              worst = Math.max(worst, err);
            }
          }
          from = to;
        }
        expect(worst).toBeLessThan(rel);
        // new centres replace the old (k changes: 8-centre panels re-packed)
        const c2 = Float64Array.from({ length: 3 * dim }, () => rng.normal());
        kernel.setCenters(c2, 3, dim);
        const out = new Float64Array(3);
        kernel.dots(x, Int32Array.of(n - 1), 0, 1, out);
        for (let j = 0; j < 3; j++) expect(out[j]).toBeCloseTo(naiveDot(x, n - 1, c2, j, dim), 3);
      });
    }
  }

  it('simd: a kernel built for one dim rejects centres of another', () => {
    expect(() => simdKernel(4)!.setCenters(new Float64Array(6), 2, 3)).toThrow(/dim 4/);
  });
});
