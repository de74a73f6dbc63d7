/**
 * k-means‖ seeding (Bahmani, Moseley, Vattani, Kumar & Vassilvitskii 2012, "Scalable K-Means++"): instead of k
 * sequential draws, `rounds` rounds each sample every point independently with probability min(1, ℓ·D(x)²/φ)
 * (ℓ = oversampling·k, φ = Σ D²), giving ≈ rounds·ℓ candidates; each candidate is weighted by the points nearest
 * to it, and greedy k-means++ on the weighted candidates picks the k centres. The distance updates are large
 * blocks (all points × a round's new candidates), the shape the kernel runs fastest; the paper's guarantee is a
 * constant-factor approximation after O(log φ) rounds, and 5 rounds with ℓ = 2k match k-means++ in its experiments.
 *
 * Random draws, in order: the first centre `rng.int(n)`; per round, one `rng.next()` per point in row order; then
 * those of the weighted k-means++ (kmeansPlusPlus.ts).
 */
import type { Rng } from '../common/rng';
import { BLOCK_ROWS, blockedKernel } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';
import { kmeansPlusPlus } from './kmeansPlusPlus';
import { rowNormsSquared } from './vectors';

export interface KMeansParallelOptions {
  /** Sampling rounds (default 5, as in the paper's experiments). */
  rounds?: number;
  /** ℓ / k: expected candidates per round over k (default 2). */
  oversampling?: number;
  /** Candidates per centre in the final weighted greedy k-means++. */
  localTrials: number;
  kernel?: DistanceKernel;
}

/**
 * @param data [n × dim] points; `norms` [n] their squared norms
 * @returns generator yielding progress in [0, 1]; returns the [k × dim] float64 centres (caller owns)
 */
export function* kmeansParallel(
  data: Float32Array,
  dim: number,
  norms: Float64Array,
  k: number,
  rng: Rng,
  opts: KMeansParallelOptions,
): Generator<number, Float64Array, void> {
  const n = norms.length;
  const rounds = opts.rounds ?? 5;
  const ell = (opts.oversampling ?? 2) * k;
  const kernel = opts.kernel ?? blockedKernel();
  const closest = new Float64Array(n).fill(Infinity);
  const owner = new Int32Array(n); // index into `chosen` of the nearest candidate
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const chosen: number[] = [rng.int(n)];
  const taken = new Uint8Array(n);
  taken[chosen[0] as number] = 1;
  let fresh = [chosen[0] as number];
  for (let round = 0; ; round++) {
    // D² against this round's new candidates, in blocks of the kernel's shape
    const m = fresh.length;
    const block = new Float64Array(m * dim);
    fresh.forEach((row, q) => block.set(data.subarray(row * dim, (row + 1) * dim), q * dim));
    const blockNorms = rowNormsSquared(Float32Array.from(block), dim);
    const base = chosen.length - m;
    const dots = new Float64Array(BLOCK_ROWS * m);
    kernel.setCenters(block, m, dim);
    for (let b = 0; b < n; b += BLOCK_ROWS) {
      const e = Math.min(n, b + BLOCK_ROWS);
      kernel.dots(data, all, b, e, dots);
      for (let i = b; i < e; i++) {
        const o = (i - b) * m;
        for (let q = 0; q < m; q++) {
          const d = Math.max(0, (norms[i] as number) + (blockNorms[q] as number) - 2 * (dots[o + q] as number));
          if (d < (closest[i] as number)) {
            closest[i] = d;
            owner[i] = base + q;
          }
        }
      }
      if ((b / BLOCK_ROWS) % 64 === 63) yield ((round + e / n) / (rounds + 1)) * 0.8;
    }
    if (round === rounds) break;
    let phi = 0;
    for (let i = 0; i < n; i++) phi += closest[i] as number;
    fresh = [];
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!taken[i] && phi > 0 && u < (ell * (closest[i] as number)) / phi) {
        taken[i] = 1;
        fresh.push(i);
      }
    }
    if (fresh.length === 0) break;
    chosen.push(...fresh);
  }
  // too few distinct candidates (data with fewer than ~k distinct rows): plain k-means++ on all points
  if (chosen.length <= k) return yield* kmeansPlusPlus(data, dim, norms, k, rng, opts.localTrials, kernel);
  const m = chosen.length;
  const weights = new Float64Array(m);
  for (let i = 0; i < n; i++) weights[owner[i] as number] = (weights[owner[i] as number] as number) + 1;
  const candidates = new Float32Array(m * dim);
  chosen.forEach((row, q) => candidates.set(data.subarray(row * dim, (row + 1) * dim), q * dim));
  const seeding = kmeansPlusPlus(candidates, dim, rowNormsSquared(candidates, dim), k, rng, opts.localTrials, kernel, weights);
  for (;;) {
    const s = seeding.next();
    if (s.done) return s.value;
    yield 0.8 + 0.2 * s.value;
  }
}
