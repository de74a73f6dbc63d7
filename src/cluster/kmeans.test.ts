import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import type { Rng } from '../common/rng';
import { ari } from './agreement';
import { CancelledError } from './cancel';
import { inertia } from './inertia';
import { kmeans, kmeansAsync } from './kmeans';
import type { KMeansProgress } from './kmeansTypes';
import { simdKernel } from './simdKernel';
import { gaussianBlobs } from './testData';

// ---- Independent oracle: naive float64 loops, no bounds, no pruning, no expansion trick. ----

function sq(data: Float32Array | Float64Array, i: number, c: Float64Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) s += ((data[i * dim + t] as number) - (c[j * dim + t] as number)) ** 2;
  return s;
}

/** Greedy k-means++ exactly as documented in kmeansPlusPlus.ts, with plain loops. */
function oracleSeed(x: Float32Array, dim: number, k: number, rng: Rng, trials: number): Float64Array {
  const n = x.length / dim;
  const row = (i: number) => Float64Array.from(x.subarray(i * dim, (i + 1) * dim));
  const centers = new Float64Array(k * dim);
  centers.set(row(rng.int(n)), 0);
  let closest = Array.from({ length: n }, (_, i) => sq(x, i, centers, 0, dim));
  for (let c = 1; c < k; c++) {
    const total = closest.reduce((a, b) => a + b, 0);
    let best: { pot: number; idx: number; d: number[] } | undefined;
    for (let t = 0; t < trials; t++) {
      const r = rng.next() * total;
      let idx = 0;
      let run = 0;
      for (; idx < n; idx++) {
        run += closest[idx] as number;
        if (run >= r) break;
      }
      idx = Math.min(idx, n - 1);
      const cand = row(idx);
      const d = closest.map((v, i) => Math.min(v, sq(x, i, cand, 0, dim)));
      const pot = d.reduce((a, b) => a + b, 0);
      if (!best || pot < best.pot) best = { pot, idx, d };
    }
    centers.set(row(best!.idx), c * dim);
    closest = best!.d;
  }
  return centers;
}

/** Plain Lloyd with sklearn's stopping rules (no empty clusters occur in these fixtures). */
function oracleLloyd(x: Float32Array, dim: number, init: Float64Array, maxIter: number, tolAbs: number) {
  const n = x.length / dim;
  const k = init.length / dim;
  let centers = Float64Array.from(init);
  let labels = new Int32Array(n).fill(-1);
  const assign = () =>
    Int32Array.from({ length: n }, (_, i) => {
      let best = 0;
      for (let j = 1; j < k; j++) if (sq(x, i, centers, j, dim) < sq(x, i, centers, best, dim)) best = j;
      return best;
    });
  let strict = false;
  let it = 0;
  while (it < maxIter) {
    const next = assign();
    const sums = new Float64Array(k * dim);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[next[i]!]!++;
      for (let t = 0; t < dim; t++) sums[next[i]! * dim + t]! += x[i * dim + t]!;
    }
    expect(Math.min(...counts)).toBeGreaterThan(0);
    const moved = Float64Array.from(sums, (s, q) => s / counts[Math.floor(q / dim)]!);
    let shift = 0;
    for (let q = 0; q < moved.length; q++) shift += (moved[q]! - centers[q]!) ** 2;
    centers = moved;
    it++;
    const same = next.every((l, i) => l === labels[i]);
    labels = next;
    if (same) {
      strict = true;
      break;
    }
    if (shift <= tolAbs) break;
  }
  if (!strict) labels = assign();
  let total = 0;
  for (let i = 0; i < n; i++) total += sq(x, i, centers, labels[i]!, dim);
  return { centers, labels, inertia: total, iterations: it };
}

function oracleTolAbs(x: Float32Array, dim: number, tol: number): number {
  const n = x.length / dim;
  let v = 0;
  for (let t = 0; t < dim; t++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * dim + t]! / n;
    for (let i = 0; i < n; i++) v += (x[i * dim + t]! - m) ** 2 / n;
  }
  return (v / dim) * tol;
}

/** Restart seeds as documented in kmeans.ts: one createRng(seed), one draw per restart. */
function oracleSeeds(seed: number, nInit: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: nInit }, () => Math.floor(rng.next() * 4294967296));
}

function uniformData(n: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.normal());
}

describe('kmeans against a naive oracle', () => {
  const cases = [
    { n: 300, dim: 5, k: 7, seed: 1, algorithm: 'hamerly' as const },
    { n: 300, dim: 5, k: 7, seed: 1, algorithm: 'lloyd' as const },
    { n: 257, dim: 3, k: 13, seed: 2, algorithm: 'hamerly' as const },
    { n: 200, dim: 16, k: 4, seed: 3, algorithm: 'hamerly' as const },
  ];
  for (const c of cases.flatMap((c) => [{ ...c, simd: false }, { ...c, simd: true }])) {
    it(`n=${c.n} dim=${c.dim} k=${c.k} ${c.algorithm}${c.simd ? ', wasm SIMD kernel' : ''}: same assignments, centroids and inertia`, () => {
      const x = uniformData(c.n, c.dim, c.seed);
      const tol = 1e-4;
      const kernel = c.simd ? simdKernel(c.dim) : undefined;
      const r = kmeans(x, c.dim, { k: c.k, seed: c.seed, tol, maxIter: 100, algorithm: c.algorithm, kernel });
      const trials = 2 + Math.floor(Math.log(c.k));
      const init = oracleSeed(x, c.dim, c.k, createRng(oracleSeeds(c.seed, 1)[0]!), trials);
      const o = oracleLloyd(x, c.dim, init, 100, oracleTolAbs(x, c.dim, tol));
      expect(Array.from(r.assignments)).toEqual(Array.from(o.labels));
      expect(r.iterations).toBe(o.iterations);
      expect(r.inertia).toBeCloseTo(o.inertia, 6);
      r.centroids.forEach((v, q) => expect(v).toBeCloseTo(o.centers[q]!, 4));
    });
  }

  it('stops at maxIter and stops earlier with a loose tol (tol scaled by the data variance)', () => {
    const x = uniformData(400, 4, 9);
    const capped = kmeans(x, 4, { k: 10, maxIter: 2, tol: 0 });
    expect(capped.iterations).toBe(2);
    expect(capped.converged).toBe(false);
    const init = oracleSeed(x, 4, 10, createRng(oracleSeeds(0, 1)[0]!), 2 + Math.floor(Math.log(10)));
    const o = oracleLloyd(x, 4, init, 2, 0);
    expect(Array.from(capped.assignments)).toEqual(Array.from(o.labels));
    const strict = kmeans(x, 4, { k: 10, tol: 0, maxIter: 300 });
    const loose = kmeans(x, 4, { k: 10, tol: 1e-1, maxIter: 300 });
    expect(loose.iterations).toBeLessThan(strict.iterations);
    expect(strict.converged && loose.converged).toBe(true);
    expect(oracleLloyd(x, 4, init, 300, oracleTolAbs(x, 4, 1e-1)).iterations).toBe(loose.iterations);
  });

  it('nInit keeps the restart with the lowest inertia, equal to the best single-restart oracle', () => {
    const x = uniformData(240, 3, 4);
    const seeds = oracleSeeds(5, 4);
    const tolAbs = oracleTolAbs(x, 3, 1e-4);
    const oracles = seeds.map((s) => oracleLloyd(x, 3, oracleSeed(x, 3, 6, createRng(s), 3), 300, tolAbs));
    const bestRun = oracles.reduce((b, o, i) => (o.inertia < oracles[b]!.inertia ? i : b), 0);
    const r = kmeans(x, 3, { k: 6, seed: 5, nInit: 4 });
    expect(r.run).toBe(bestRun);
    expect(r.inertia).toBeCloseTo(oracles[bestRun]!.inertia, 6);
    expect(Array.from(r.assignments)).toEqual(Array.from(oracles[bestRun]!.labels));
    expect(r.inertia).toBeCloseTo(Math.min(...oracles.map((o) => o.inertia)), 6);
  });
});

describe('kmeans behaviour', () => {
  it('recovers planted well-separated blobs (ARI = 1) in 128-d', () => {
    const { data, labels } = gaussianBlobs(2000, 128, 20, { seed: 7, std: 1, box: 10 });
    const r = kmeans(data, 128, { k: 20, seed: 3 });
    expect(ari(labels, r.assignments)).toBe(1);
    expect(r.converged).toBe(true);
    // inertia ≈ n·dim·std² for the true partition
    expect(r.inertia / (2000 * 128)).toBeGreaterThan(0.9);
    expect(r.inertia / (2000 * 128)).toBeLessThan(1.05);
    expect(r.inertia).toBeCloseTo(inertia(data, 128, r.centroids, r.assignments), 0);
  });

  it('wasm SIMD kernel: 128-d blobs give the blocked kernel\'s assignments and inertia up to float32 rounding', () => {
    const { data } = gaussianBlobs(3000, 128, 40, { seed: 4, std: 1, box: 1 });
    const a = kmeans(data, 128, { k: 30, seed: 2 });
    const b = kmeans(data, 128, { k: 30, seed: 2, kernel: simdKernel(128) });
    expect(Array.from(b.assignments)).toEqual(Array.from(a.assignments));
    expect(b.iterations).toBe(a.iterations);
    expect(Math.abs(b.inertia / a.inertia - 1)).toBeLessThan(1e-9);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const x = uniformData(500, 8, 11);
    const a = kmeans(x, 8, { k: 12, seed: 42, nInit: 2 });
    const b = kmeans(x, 8, { k: 12, seed: 42, nInit: 2 });
    const c = kmeans(x, 8, { k: 12, seed: 43, nInit: 2 });
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
    expect(Array.from(a.assignments)).not.toEqual(Array.from(c.assignments));
  });

  it('cosine: spherical k-means ignores row scale and recovers directions', () => {
    const dim = 16;
    const { data, labels } = gaussianBlobs(600, dim, 6, { seed: 5, std: 0.5, box: 5 });
    // scale each row by a random factor in [0.1, 10]: cosine clusters must not change
    const rng = createRng(8);
    const scaled = new Float32Array(data.length);
    for (let i = 0; i < 600; i++) {
      const s = 0.1 * 100 ** rng.next();
      for (let t = 0; t < dim; t++) scaled[i * dim + t] = data[i * dim + t]! * s;
    }
    const a = kmeans(data, dim, { k: 6, seed: 1, metric: 'cosine' });
    const b = kmeans(scaled, dim, { k: 6, seed: 1, metric: 'cosine' });
    expect(ari(labels, a.assignments)).toBe(1);
    expect(Array.from(b.assignments)).toEqual(Array.from(a.assignments));
    for (let j = 0; j < 6; j++) {
      let norm = 0;
      for (let t = 0; t < dim; t++) norm += a.centroids[j * dim + t]! ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    }
    // inertia is Σ (1 − cos), checked with a naive loop
    let oracle = 0;
    for (let i = 0; i < 600; i++) {
      const c = a.assignments[i]!;
      let dot = 0;
      let nx = 0;
      let nc = 0;
      for (let t = 0; t < dim; t++) {
        dot += data[i * dim + t]! * a.centroids[c * dim + t]!;
        nx += data[i * dim + t]! ** 2;
        nc += a.centroids[c * dim + t]! ** 2;
      }
      oracle += 1 - dot / Math.sqrt(nx * nc);
    }
    expect(a.inertia).toBeCloseTo(oracle, 4);
  });

  it('survives fewer distinct points than k (duplicate seeds) with zero inertia', () => {
    const x = Float32Array.from([0, 0, 0, 0, 5, 5, 5, 5, 9, 0, 9, 0]);
    const r = kmeans(x, 2, { k: 4, seed: 1 });
    expect(r.inertia).toBe(0);
    expect(new Set(r.assignments).size).toBe(3);
  });

  it('reports progress per iteration with inertia and moved points, matching the result', () => {
    const x = uniformData(300, 4, 12);
    const events: KMeansProgress[] = [];
    const r = kmeans(x, 4, { k: 5, seed: 2, nInit: 2, onProgress: (p) => events.push(p) });
    const its = events.filter((e) => e.kind === 'iteration');
    expect(its.filter((e) => e.run === 1).map((e) => e.iteration)).toEqual(
      Array.from({ length: its.filter((e) => e.run === 1).length }, (_, i) => i + 1),
    );
    expect(its[0]!.moved).toBe(300);
    const last = its.filter((e) => e.run === r.run).at(-1)!;
    expect(last.iteration).toBe(r.iterations);
    expect(last.moved).toBe(0); // converged on unchanged assignments
    expect(last.inertia).toBeCloseTo(r.inertia, 6);
    // inertia never increases across Lloyd iterations
    for (let i = 1; i < its.length; i++) {
      if (its[i]!.run === its[i - 1]!.run) expect(its[i]!.inertia).toBeLessThanOrEqual(its[i - 1]!.inertia + 1e-9);
    }
  });

  it('cancels: sync via a signal set from onProgress, async via AbortController', async () => {
    const x = uniformData(2000, 8, 13);
    const signal = { aborted: false };
    let seen = 0;
    expect(() =>
      kmeans(x, 8, {
        k: 10,
        tol: 0,
        signal,
        onProgress: (p) => {
          if (p.kind === 'iteration' && ++seen === 2) signal.aborted = true;
        },
      }),
    ).toThrow(CancelledError);
    expect(seen).toBe(2);
    const controller = new AbortController();
    const pending = kmeansAsync(x, 8, { k: 50, tol: 0, maxIter: 10_000, nInit: 50, signal: controller.signal, sliceMs: 5 });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('kmeansAsync equals kmeans, and its restart subsets combine to the same winner', async () => {
    const x = uniformData(300, 4, 14);
    const sync = kmeans(x, 4, { k: 6, seed: 9, nInit: 3 });
    const whole = await kmeansAsync(x, 4, { k: 6, seed: 9, nInit: 3 });
    expect(Array.from(whole.assignments)).toEqual(Array.from(sync.assignments));
    const parts = await Promise.all([[0, 2], [1]].map((runs) => kmeansAsync(x, 4, { k: 6, seed: 9, nInit: 3, runs })));
    const best = parts.reduce((a, b) => (b.inertia < a.inertia || (b.inertia === a.inertia && b.run < a.run) ? b : a));
    expect(best.run).toBe(sync.run);
    expect(Array.from(best.assignments)).toEqual(Array.from(sync.assignments));
  });

  it('rejects bad shapes and options', () => {
    expect(() => kmeans(new Float32Array(7), 2, { k: 2 })).toThrow(RangeError);
    expect(() => kmeans(new Float32Array(8), 2, { k: 5 })).toThrow(RangeError);
    expect(() => kmeans(new Float32Array(8), 2, { k: 2, nInit: 0 })).toThrow(RangeError);
  });
});
