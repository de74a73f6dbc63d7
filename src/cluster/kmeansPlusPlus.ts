/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007), greedy variant as in scikit-learn: each new centre is the best of
 * `localTrials` candidates drawn with probability ∝ D(x)², the squared distance to the nearest centre so far, "best"
 * meaning the lowest potential Σ min(D(x)², ‖x − candidate‖²) (ties: the earlier candidate).
 *
 * Random draws, in order: the first centre is row `rng.int(n)` (weighted: drawn ∝ weight); then per centre, per
 * trial, `r = rng.next() × Σ D²` picks the first row whose running sum of D² (in row order) is ≥ r. A test replicates
 * this without the pruning.
 *
 * Pruning (exact): a point whose nearest centre c_a satisfies ‖candidate − c_a‖ ≥ 2 D(x) cannot get closer to the
 * candidate (triangle inequality), so its distance is not computed. On well-separated data most points are skipped.
 * The remaining points, and the candidate–centre distances the test needs, go through the injected distance kernel
 * in blocks (the products in its precision, norms and potentials in float64); the points' pass (seedTrials.ts) runs
 * in the kernel's own `seedTrials` where it has one (sharedKernel: on helper threads too).
 */
import type { Rng } from '../common/rng';
import { BLOCK_ROWS, blockedKernel } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';
import { seedTrials } from './seedTrials';

/**
 * @param data [n × dim] points; `norms` [n] their squared norms
 * @param kernel computes point–candidate products for the points no bound rules out (default `blockedKernel()`)
 * @param weights [n] point weights (k-means‖ reclusters weighted candidates): draws ∝ w·D², potentials Σ w·D²
 * @returns generator yielding the fraction of centres placed; returns the [k × dim] float64 centres (caller owns)
 */
export function* kmeansPlusPlus(
  data: Float32Array,
  dim: number,
  norms: Float64Array,
  k: number,
  rng: Rng,
  localTrials: number,
  kernel: DistanceKernel = blockedKernel(),
  weights?: Float64Array,
): Generator<number, Float64Array, void> {
  const n = norms.length;
  const trials = Math.max(1, localTrials);
  const centers = new Float64Array(k * dim);
  const centerNorms = new Float64Array(k);
  const closest = new Float64Array(n);
  const nearest = new Int32Array(n);
  const running = new Float64Array(n);
  const open = new Int32Array(n); // rows some candidate may come closer to, this step
  // [open row p][trial t], the row's D² with that candidate added; a kernel with its own seedTrials returns its own
  const own = new Float64Array(kernel.seedTrials ? 0 : n * trials);
  const candRows = new Float64Array(trials * dim);
  const candNorms = new Float64Array(trials);
  const candIndex = new Int32Array(trials);
  const candToCenterSq = new Float64Array(trials * k);
  const nearestCand = new Float64Array(k); // min over trials of candToCenterSq, per centre
  const potentials = new Float64Array(trials);
  const dots = new Float64Array(BLOCK_ROWS * Math.max(trials, 1));

  const centerRows = new Int32Array(k); // the data row of each centre
  centerRows[0] = weights ? weightedDraw(weights, rng) : rng.int(n);
  placeCenter(data, dim, centerRows[0] as number, centers, 0);
  centerNorms[0] = squaredNorm(centers, 0, dim);
  for (let i = 0; i < n; i++) open[i] = i;
  kernel.setCenters(centers, 1, dim);
  for (let b = 0; b < n; b += BLOCK_ROWS) {
    const e = Math.min(n, b + BLOCK_ROWS);
    kernel.dots(data, open, b, e, dots);
    for (let i = b; i < e; i++) {
      closest[i] = Math.max(0, (norms[i] as number) + (centerNorms[0] as number) - 2 * (dots[i - b] as number));
    }
  }

  for (let c = 1; c < k; c++) {
    yield c / k;
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += weights ? (weights[i] as number) * (closest[i] as number) : (closest[i] as number);
      running[i] = total;
    }
    nearestCand.fill(Infinity, 0, c);
    for (let t = 0; t < trials; t++) {
      const idx = Math.min(n - 1, lowerBound(running, rng.next() * total));
      candIndex[t] = idx;
      for (let u = 0; u < dim; u++) candRows[t * dim + u] = data[idx * dim + u] as number;
      candNorms[t] = squaredNorm(candRows, t * dim, dim);
    }
    // candidate–centre distances through the kernel: the centres are rows of `data`
    kernel.setCenters(candRows, trials, dim);
    for (let b = 0; b < c; b += BLOCK_ROWS) {
      const e = Math.min(c, b + BLOCK_ROWS);
      kernel.dots(data, centerRows, b, e, dots);
      for (let j = b; j < e; j++) {
        for (let t = 0; t < trials; t++) {
          const cross = dots[(j - b) * trials + t] as number;
          const d = Math.max(0, (candNorms[t] as number) + (centerNorms[j] as number) - 2 * cross);
          candToCenterSq[t * k + j] = d;
          if (d < (nearestCand[j] as number)) nearestCand[j] = d;
        }
      }
    }
    let count = 0;
    for (let i = 0; i < n; i++) if ((nearestCand[nearest[i] as number] as number) < 4 * (closest[i] as number)) open[count++] = i;
    // potential of trial t = total − Σ over open rows of the D² it removes, summed in row order whoever computed the
    // rows' values (the kernel may run the pass on several threads)
    const job = { data, norms, rows: open, count, closest, nearest, candNorms, candToCenterSq, stride: k, trials };
    let trialClosest: Float64Array = own;
    if (kernel.seedTrials) trialClosest = kernel.seedTrials(job);
    else seedTrials(kernel, job, 0, count, own, dots);
    potentials.fill(total);
    for (let p = 0; p < count; p++) {
      const i = open[p] as number;
      const d2 = closest[i] as number;
      for (let t = 0; t < trials; t++) {
        const removed = d2 - (trialClosest[p * trials + t] as number);
        potentials[t] = (potentials[t] as number) - (weights ? (weights[i] as number) * removed : removed);
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if ((potentials[t] as number) < (potentials[best] as number)) best = t;
    centerRows[c] = candIndex[best] as number;
    placeCenter(data, dim, candIndex[best] as number, centers, c);
    centerNorms[c] = candNorms[best] as number;
    for (let p = 0; p < count; p++) {
      const i = open[p] as number;
      const v = trialClosest[p * trials + best] as number;
      if (v < (closest[i] as number)) {
        closest[i] = v;
        nearest[i] = c;
      }
    }
  }
  return centers;
}

/** A row drawn with probability ∝ its weight. */
function weightedDraw(weights: Float64Array, rng: Rng): number {
  const running = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) running[i] = total += weights[i] as number;
  return Math.min(weights.length - 1, lowerBound(running, rng.next() * total));
}

/** First index whose value is ≥ target in an ascending array (numpy searchsorted, side='left'). */
function lowerBound(sorted: Float64Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function placeCenter(data: Float32Array, dim: number, row: number, centers: Float64Array, j: number): void {
  for (let u = 0; u < dim; u++) centers[j * dim + u] = data[row * dim + u] as number;
}

function squaredNorm(v: Float64Array, offset: number, dim: number): number {
  let acc = 0;
  for (let u = offset; u < offset + dim; u++) acc += (v[u] as number) * (v[u] as number);
  return acc;
}
