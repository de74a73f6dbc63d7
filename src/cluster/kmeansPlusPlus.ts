/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007), greedy variant as in scikit-learn: each new centre is the best of
 * `localTrials` candidates drawn with probability ∝ D(x)², the squared distance to the nearest centre so far, "best"
 * meaning the lowest potential Σ min(D(x)², ‖x − candidate‖²) (ties: the earlier candidate).
 *
 * Random draws, in order: the first centre is row `rng.int(n)`; then per centre, per trial, `r = rng.next() × Σ D²`
 * picks the first row whose running sum of D² (in row order) is ≥ r. A test replicates this without the pruning.
 *
 * Pruning (exact): a point whose nearest centre c_a satisfies ‖candidate − c_a‖ ≥ 2 D(x) cannot get closer to the
 * candidate (triangle inequality), so its distance is not computed. On well-separated data most points are skipped.
 */
import type { Rng } from '../common/rng';

/**
 * @param data [n × dim] points; `norms` [n] their squared norms
 * @returns generator yielding the fraction of centres placed; returns the [k × dim] float64 centres (caller owns)
 */
export function* kmeansPlusPlus(
  data: Float32Array,
  dim: number,
  norms: Float64Array,
  k: number,
  rng: Rng,
  localTrials: number,
): Generator<number, Float64Array, void> {
  const n = norms.length;
  const trials = Math.max(1, localTrials);
  const centers = new Float64Array(k * dim);
  const centerNorms = new Float64Array(k);
  const closest = new Float64Array(n);
  const nearest = new Int32Array(n);
  const running = new Float64Array(n);
  const trialClosest = Array.from({ length: trials }, () => new Float64Array(n));
  const candRows = new Float64Array(trials * dim);
  const candNorms = new Float64Array(trials);
  const candIndex = new Int32Array(trials);
  const candToCenterSq = new Float64Array(trials * k);
  const potentials = new Float64Array(trials);
  const dots = new Float64Array(trials);

  placeCenter(data, dim, rng.int(n), centers, 0);
  centerNorms[0] = squaredNorm(centers, 0, dim);
  for (let i = 0; i < n; i++) {
    closest[i] = Math.max(0, (norms[i] as number) + (centerNorms[0] as number) - 2 * dotF32F64(data, i * dim, centers, 0, dim));
  }

  for (let c = 1; c < k; c++) {
    yield c / k;
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += closest[i] as number;
      running[i] = total;
    }
    for (let t = 0; t < trials; t++) {
      const idx = Math.min(n - 1, lowerBound(running, rng.next() * total));
      candIndex[t] = idx;
      for (let u = 0; u < dim; u++) candRows[t * dim + u] = data[idx * dim + u] as number;
      candNorms[t] = squaredNorm(candRows, t * dim, dim);
      for (let j = 0; j < c; j++) {
        const cross = dotF64(candRows, t * dim, centers, j * dim, dim);
        candToCenterSq[t * k + j] = Math.max(0, (candNorms[t] as number) + (centerNorms[j] as number) - 2 * cross);
      }
    }
    potentials.fill(0);
    for (let i = 0; i < n; i++) {
      const d2 = closest[i] as number;
      const bound = 4 * d2;
      const a = nearest[i] as number;
      let open = false;
      for (let t = 0; t < trials && !open; t++) open = (candToCenterSq[t * k + a] as number) < bound;
      if (open) dotsWithCandidates(data, i * dim, candRows, trials, dim, dots);
      for (let t = 0; t < trials; t++) {
        let v = d2;
        if (open && (candToCenterSq[t * k + a] as number) < bound) {
          const dt = Math.max(0, (norms[i] as number) + (candNorms[t] as number) - 2 * (dots[t] as number));
          if (dt < v) v = dt;
        }
        (trialClosest[t] as Float64Array)[i] = v;
        potentials[t] = (potentials[t] as number) + v;
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if ((potentials[t] as number) < (potentials[best] as number)) best = t;
    placeCenter(data, dim, candIndex[best] as number, centers, c);
    centerNorms[c] = candNorms[best] as number;
    const chosen = trialClosest[best] as Float64Array;
    for (let i = 0; i < n; i++) {
      const v = chosen[i] as number;
      if (v < (closest[i] as number)) {
        closest[i] = v;
        nearest[i] = c;
      }
    }
  }
  return centers;
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

function dotF64(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let acc = 0;
  for (let u = 0; u < dim; u++) acc += (a[ao + u] as number) * (b[bo + u] as number);
  return acc;
}

/** dots[t] = x · candidate t for every candidate, four candidates per pass over x (≈2.5× a plain loop). */
function dotsWithCandidates(data: Float32Array, xo: number, cands: Float64Array, trials: number, dim: number, dots: Float64Array): void {
  let t = 0;
  for (; t + 3 < trials; t += 4) {
    const q0 = t * dim;
    const q1 = q0 + dim;
    const q2 = q1 + dim;
    const q3 = q2 + dim;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // prettier-ignore
    for (let u = 0; u < dim; u++) {
      const x = data[xo + u] as number;
      a0 += x * (cands[q0 + u] as number);
      a1 += x * (cands[q1 + u] as number);
      a2 += x * (cands[q2 + u] as number);
      a3 += x * (cands[q3 + u] as number);
    }
    dots[t] = a0;
    dots[t + 1] = a1;
    dots[t + 2] = a2;
    dots[t + 3] = a3;
  }
  for (; t < trials; t++) dots[t] = dotF32F64(data, xo, cands, t * dim, dim);
}

function dotF32F64(a: Float32Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let acc = 0;
  for (let u = 0; u < dim; u++) acc += (a[ao + u] as number) * (b[bo + u] as number);
  return acc;
}
