/**
 * One k-means run from given centres: Lloyd iterations (assign every point to its nearest centre, move each centre
 * to the mean of its points), optionally accelerated with Hamerly's bounds (Hamerly 2010): per point an upper bound
 * on the distance to its centre and a lower bound on the distance to any other; a point is searched in full only
 * when the upper bound exceeds max(lower bound, half the distance from its centre to the nearest other centre).
 * The bounds are exact, so assignments equal plain Lloyd's. Hamerly keeps O(n) bounds (Elkan's O(n·k) is 400 MB at
 * n = 100,000, k = 1,000). The bounds pay off when iterations are many and points settle; a full search goes through
 * the injected distance kernel (bench/cluster.ts and docs/kmeans.md have the figures). Mini-batch was not needed at
 * this scale: it changes the result.
 *
 * Control flow follows scikit-learn's `_kmeans_single_lloyd`: stop when no label changes, or when the summed
 * squared centre shift is ≤ `tolAbs`; if stopped on tol or maxIter, assign once more to the final centres. Empty
 * clusters take the points farthest from their centres (sklearn's relocation; ties: lower index first).
 */
import { blockedKernel } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';
import { inertiaFromSums, moveRow, relocateEmpty } from './centerSums';
import { centerNormsSquared, dotRow, nearestScratch, nearestTwo } from './nearest';
import { squaredDistanceTo } from './vectors';

export interface LloydTick {
  kind: 'iteration' | 'heartbeat';
  iteration: number;
  inertia: number;
  moved: number;
  fraction: number;
}

export interface LloydResult {
  /** [k × dim] float64 final centres (caller owns). */
  centers: Float64Array;
  /** [n] labels (caller owns). */
  labels: Int32Array;
  /** Σ ‖x − c_label‖² with the final centres. */
  inertia: number;
  iterations: number;
  converged: boolean;
}

export interface LloydOptions {
  maxIter: number;
  /** Absolute tolerance on Σ_j ‖c_j_new − c_j_old‖². */
  tolAbs: number;
  /** Spherical k-means: renormalise centres to unit length after each mean. */
  spherical: boolean;
  /** Hamerly bounds (true) or a full search of every point each iteration (false). */
  bounds: boolean;
  /** Computes the point–centre products of the full searches (default `blockedKernel()`). */
  kernel?: DistanceKernel;
  /**
   * Hamerly's second test: re-compute the distance to the assigned centre (float64, dim multiply-adds on this thread)
   * before searching a point whose bounds failed. Default: when a search costs k·dim ≥ TIGHTEN_MIN_WORK.
   */
  tighten?: boolean;
}

/**
 * Below this k·dim a full search (SIMD, on every core) costs little more than the re-check that would spare it:
 * 100,000 × 128 embedding-like at k = 100 searched 19 % more rows without the re-check and ran 6.2 s instead of
 * 7.3 s (three interleaved pairs, 2 threads); at k = 1,000 the two were even (5 % more rows), so they keep it.
 */
const TIGHTEN_MIN_WORK = 65536;

/**
 * Multiply-adds per heartbeat chunk: ~10 ms at the blocked kernel's 2 G/s; kernels with their own `nearestTwo` (the
 * SIMD one, ~20 G/s) take 10× the work for about the same time. Fewer, longer chunks matter on several threads:
 * each chunk is one job for the helpers (sharedKernel), and 100,000 × 128 at k = 100 ran 9 s instead of 9–12 s
 * with them on a loaded machine.
 */
const CHUNK_WORK = 2e7;
const CHUNK_WORK_FUSED = 2e8;

/**
 * @param data [n × dim] points; `norms` [n] their squared norms
 * @param initial [k × dim] float64 starting centres (not modified)
 */
export function* lloyd(
  data: Float32Array,
  dim: number,
  norms: Float64Array,
  initial: Float64Array,
  opts: LloydOptions,
): Generator<LloydTick, LloydResult, void> {
  const n = norms.length;
  const k = initial.length / dim;
  let centers = Float64Array.from(initial);
  let next = new Float64Array(k * dim);
  const labels = new Int32Array(n).fill(-1);
  const found = new Int32Array(n);
  const firstSq = new Float64Array(n);
  const secondSq = new Float64Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const todo = new Int32Array(n);
  const halfGap = new Float64Array(k);
  const shift = new Float64Array(k);
  const sums = new Float64Array(k * dim); // Σ x and count per cluster under `labels`, kept as points move
  const counts = new Float64Array(k);
  const nextCounts = new Float64Array(k);
  let normsTotal = 0;
  for (let i = 0; i < n; i++) normsTotal += norms[i] as number;
  let cn: Float64Array = new Float64Array(k); // squared norms of `centers`
  const kernel = opts.kernel ?? blockedKernel();
  const tighten = opts.tighten ?? k * dim >= TIGHTEN_MIN_WORK;
  const scratch = nearestScratch(k);
  const chunk = Math.max(2, 2 * Math.floor((kernel.nearestTwo ? CHUNK_WORK_FUSED : CHUNK_WORK) / (2 * k * dim)));
  let iteration = 0;
  let lastInertia = NaN;
  let lastMoved = 0;

  /** E-step against `centers`; returns how many labels changed. */
  function* assign(): Generator<LloydTick, number, void> {
    cn = centerNormsSquared(centers, dim);
    kernel.setCenters(centers, k, dim);
    if (opts.bounds) halfGaps(centers, cn, dim, halfGap);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i] as number;
      if (!opts.bounds || a < 0) {
        todo[count++] = i;
        continue;
      }
      const m = Math.max(halfGap[a] as number, lower[i] as number);
      if ((upper[i] as number) <= m) continue;
      if (!tighten) {
        todo[count++] = i;
        continue;
      }
      const u = Math.sqrt(Math.max(0, (norms[i] as number) + (cn[a] as number) - 2 * dotRow(data, i, centers, a, dim)));
      upper[i] = u;
      if (u > m) todo[count++] = i;
    }
    let moved = 0;
    for (let from = 0; from < count; from += chunk) {
      const to = Math.min(count, from + chunk);
      nearestTwo(kernel, data, norms, todo, from, to, cn, found, firstSq, secondSq, scratch);
      for (let p = from; p < to; p++) {
        const i = todo[p] as number;
        const f = found[i] as number;
        if (f !== labels[i]) {
          moved++;
          moveRow(data, dim, i, labels[i] as number, f, sums, counts);
          labels[i] = f;
        }
        upper[i] = Math.sqrt(firstSq[i] as number);
        lower[i] = Math.sqrt(secondSq[i] as number);
      }
      if (to < count) {
        yield { kind: 'heartbeat', iteration, inertia: lastInertia, moved: lastMoved, fraction: to / count };
      }
    }
    return moved;
  }

  /** M-step into `next`, relocating empty clusters; returns the inertia of the labels against the old centres. */
  function update(): number {
    const inertia = inertiaFromSums(normsTotal, centers, cn, sums, counts, dim);
    next.set(sums);
    nextCounts.set(counts);
    if (nextCounts.includes(0)) {
      const assignedSq = new Float64Array(n);
      for (let i = 0; i < n; i++) assignedSq[i] = squaredDistanceTo(data, i, centers, labels[i] as number, dim);
      relocateEmpty(data, dim, labels, assignedSq, next, nextCounts);
    }
    for (let j = 0; j < k; j++) {
      const c = nextCounts[j] as number;
      const o = j * dim;
      if (c === 0) {
        for (let t = 0; t < dim; t++) next[o + t] = centers[o + t] as number;
        continue;
      }
      let norm2 = 0;
      for (let t = 0; t < dim; t++) {
        const v = (next[o + t] as number) / c;
        next[o + t] = v;
        norm2 += v * v;
      }
      if (opts.spherical && norm2 > 0) {
        const inv = 1 / Math.sqrt(norm2);
        for (let t = 0; t < dim; t++) next[o + t] = (next[o + t] as number) * inv;
      }
    }
    return inertia;
  }

  let strict = false;
  let converged = false;
  while (iteration < opts.maxIter) {
    const moved = yield* assign();
    const inertia = update();
    let shiftTotal = 0;
    let maxShift = 0;
    let secondShift = 0;
    let argMax = -1;
    for (let j = 0; j < k; j++) {
      let s2 = 0;
      for (let t = j * dim, end = t + dim; t < end; t++) {
        const diff = (next[t] as number) - (centers[t] as number);
        s2 += diff * diff;
      }
      shiftTotal += s2;
      const s = Math.sqrt(s2);
      shift[j] = s;
      if (s > maxShift) {
        secondShift = maxShift;
        maxShift = s;
        argMax = j;
      } else if (s > secondShift) {
        secondShift = s;
      }
    }
    [centers, next] = [next, centers];
    if (opts.bounds) {
      for (let i = 0; i < n; i++) {
        const a = labels[i] as number;
        upper[i] = (upper[i] as number) + (shift[a] as number);
        lower[i] = (lower[i] as number) - (a === argMax ? secondShift : maxShift);
      }
    }
    iteration++;
    lastInertia = inertia;
    lastMoved = moved;
    yield { kind: 'iteration', iteration, inertia, moved, fraction: 1 };
    if (moved === 0) {
      strict = true;
      converged = true;
      break;
    }
    if (shiftTotal <= opts.tolAbs) {
      converged = true;
      break;
    }
  }
  if (!strict) yield* assign();
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistanceTo(data, i, centers, labels[i] as number, dim);
  return { centers, labels, inertia, iterations: iteration, converged };
}

/** halfGap[j] = ½ min over j' ≠ j of ‖c_j − c_j'‖ (Infinity when k = 1). */
function halfGaps(centers: Float64Array, cn: Float64Array, dim: number, halfGap: Float64Array): void {
  const k = cn.length;
  halfGap.fill(Infinity);
  for (let j = 0; j < k; j++) {
    for (let l = j + 1; l < k; l++) {
      let dot = 0;
      for (let t = 0, a = j * dim, b = l * dim; t < dim; t++) dot += (centers[a + t] as number) * (centers[b + t] as number);
      const half = 0.5 * Math.sqrt(Math.max(0, (cn[j] as number) + (cn[l] as number) - 2 * dot));
      if (half < (halfGap[j] as number)) halfGap[j] = half;
      if (half < (halfGap[l] as number)) halfGap[l] = half;
    }
  }
}
