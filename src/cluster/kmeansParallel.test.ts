import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import type { Rng } from '../common/rng';
import { ari } from './agreement';
import { kmeans } from './kmeans';
import { kmeansParallel } from './kmeansParallel';
import { simdKernel } from './simdKernel';
import { gaussianBlobs } from './testData';
import { rowNormsSquared } from './vectors';

// ---- Oracle: k-means‖ as documented in kmeansParallel.ts, with plain float64 loops and no blocks. ----

function sq(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) s += (x[i * dim + t]! - y[j * dim + t]!) ** 2;
  return s;
}

function firstAtLeast(values: number[], r: number): number {
  let run = 0;
  for (let i = 0; i < values.length; i++) if ((run += values[i]!) >= r) return i;
  return values.length - 1;
}

/** Weighted greedy k-means++: draws ∝ w·D², potential Σ w·min(D², d²(x, candidate)). Returns chosen rows. */
function weightedSeed(x: Float32Array, dim: number, w: number[], k: number, rng: Rng, trials: number): number[] {
  const m = w.length;
  const first = firstAtLeast(w, rng.next() * w.reduce((a, b) => a + b, 0));
  const rows = [first];
  let closest = Array.from({ length: m }, (_, i) => sq(x, i, x, first, dim));
  for (let c = 1; c < k; c++) {
    const mass = closest.map((d, i) => d * w[i]!);
    const total = mass.reduce((a, b) => a + b, 0);
    let best: { pot: number; idx: number; d: number[] } | undefined;
    for (let t = 0; t < trials; t++) {
      const idx = firstAtLeast(mass, rng.next() * total);
      const d = closest.map((v, i) => Math.min(v, sq(x, i, x, idx, dim)));
      const pot = d.reduce((a, v, i) => a + v * w[i]!, 0);
      if (!best || pot < best.pot) best = { pot, idx, d };
    }
    rows.push(best!.idx);
    closest = best!.d;
  }
  return rows;
}

function oracleParallel(x: Float32Array, dim: number, k: number, rng: Rng, rounds: number, ell: number, trials: number) {
  const n = x.length / dim;
  const chosen = [rng.int(n)];
  const taken = new Set(chosen);
  for (let round = 0; round < rounds; round++) {
    const closest = Array.from({ length: n }, (_, i) => Math.min(...chosen.map((c) => sq(x, i, x, c, dim))));
    const phi = closest.reduce((a, b) => a + b, 0);
    const fresh = [];
    for (let i = 0; i < n; i++) if (rng.next() < (ell * closest[i]!) / phi && !taken.has(i)) fresh.push(i);
    fresh.forEach((i) => taken.add(i));
    chosen.push(...fresh);
  }
  const weights = chosen.map(() => 0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let q = 1; q < chosen.length; q++) if (sq(x, i, x, chosen[q]!, dim) < sq(x, i, x, chosen[best]!, dim)) best = q;
    weights[best]!++;
  }
  const candidates = new Float32Array(chosen.length * dim);
  chosen.forEach((row, q) => candidates.set(x.subarray(row * dim, (row + 1) * dim), q * dim));
  return { candidates: chosen.length, centres: weightedSeed(candidates, dim, weights, k, rng, trials).map((q) => chosen[q]!) };
}

function drain(gen: Generator<number, Float64Array, void>): Float64Array {
  for (;;) {
    const s = gen.next();
    if (s.done) return s.value;
  }
}

describe('k-means‖ seeding', () => {
  it('picks the oracle\'s centres (same draws, naive loops), blocked and SIMD kernels', () => {
    const dim = 6;
    const rng = createRng(3);
    const x = Float32Array.from({ length: 400 * dim }, () => rng.normal());
    const o = oracleParallel(x, dim, 12, createRng(21), 3, 2 * 12, 3);
    expect(o.candidates).toBeGreaterThan(12);
    for (const kernel of [undefined, simdKernel(dim)]) {
      const centres = drain(kmeansParallel(x, dim, rowNormsSquared(x, dim), 12, createRng(21), { rounds: 3, localTrials: 3, kernel }));
      const rows = Array.from({ length: 12 }, (_, j) => {
        const i = o.centres[j]!;
        return Array.from(x.subarray(i * dim, (i + 1) * dim));
      });
      expect(Array.from(centres)).toEqual(rows.flat());
    }
  });

  it('as kmeans init: no worse than k-means++ (within 1 %) on overlapping blobs; exact on separated ones', () => {
    const { data } = gaussianBlobs(3000, 32, 40, { seed: 5, std: 1, box: 4 });
    for (const seed of [1, 2, 3]) {
      const plus = kmeans(data, 32, { k: 40, seed });
      const par = kmeans(data, 32, { k: 40, seed, init: 'k-means||' });
      expect(par.inertia / plus.inertia).toBeLessThan(1.01);
    }
    const separated = gaussianBlobs(1000, 16, 10, { seed: 6, std: 1, box: 20 });
    expect(ari(separated.labels, kmeans(separated.data, 16, { k: 10, seed: 1, init: 'k-means||' }).assignments)).toBe(1);
  });

  it('falls back to k-means++ when there are too few distinct candidates', () => {
    const x = Float32Array.from([0, 0, 0, 0, 5, 5, 5, 5, 9, 0, 9, 0]);
    const r = kmeans(x, 2, { k: 3, seed: 1, init: 'k-means||' });
    expect(r.inertia).toBe(0);
  });

  it('rejects an unknown init', () => {
    expect(() => kmeans(new Float32Array(8), 2, { k: 2, init: 'random' as 'k-means++' })).toThrow(/init 'random'/);
  });
});
