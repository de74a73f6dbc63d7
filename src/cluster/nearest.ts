/**
 * Nearest-centre assignment over a distance kernel: ‖x − c‖² = ‖x‖² + ‖c‖² − 2 x·c with float64 norms, the products
 * from the injected `DistanceKernel` in blocks of BLOCK_ROWS points.
 */
import { BLOCK_ROWS } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';

/** Scratch for `nearestTwo` with `k` centres. */
export function nearestScratch(k: number): Float64Array {
  return new Float64Array(BLOCK_ROWS * k);
}

/**
 * For each point `i = todo[p]`, `p ∈ [from, to)`: `labels[i]` ← nearest centre (ties: lowest index), `first[i]` /
 * `second[i]` ← squared distances to the nearest and second-nearest centres (clamped at 0; `Infinity` when k = 1).
 * The kernel must hold the centres (`setCenters`) whose squared norms are `centerNorms`.
 * @param scratch from `nearestScratch(k)`, overwritten
 */
export function nearestTwo(
  kernel: DistanceKernel,
  data: Float32Array,
  norms: Float64Array,
  todo: Int32Array,
  from: number,
  to: number,
  centerNorms: Float64Array,
  labels: Int32Array,
  first: Float64Array,
  second: Float64Array,
  scratch: Float64Array,
): void {
  if (kernel.nearestTwo) {
    kernel.nearestTwo(data, norms, todo, from, to, centerNorms, labels, first, second);
    return;
  }
  const k = centerNorms.length;
  for (let b = from; b < to; b += BLOCK_ROWS) {
    const e = Math.min(to, b + BLOCK_ROWS);
    kernel.dots(data, todo, b, e, scratch);
    for (let p = b; p < e; p++) {
      const i = todo[p] as number;
      const ni = norms[i] as number;
      const o = (p - b) * k;
      let best = Infinity;
      let next = Infinity;
      let label = -1;
      for (let j = 0; j < k; j++) {
        const d = ni + (centerNorms[j] as number) - 2 * (scratch[o + j] as number);
        if (d < best) {
          next = best;
          best = d;
          label = j;
        } else if (d < next) {
          next = d;
        }
      }
      labels[i] = label;
      first[i] = Math.max(0, best);
      second[i] = Math.max(0, next);
    }
  }
}

/** x_i · c_j with float64 accumulators (four, so the adds do not wait on each other). */
export function dotRow(data: Float32Array, i: number, centers: Float64Array, j: number, dim: number): number {
  const a = i * dim;
  const b = j * dim;
  const d4 = dim - (dim % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
  let t = 0;
  for (; t < d4; t += 4) {
    s0 += (data[a + t] as number) * (centers[b + t] as number);
    s1 += (data[a + t + 1] as number) * (centers[b + t + 1] as number);
    s2 += (data[a + t + 2] as number) * (centers[b + t + 2] as number);
    s3 += (data[a + t + 3] as number) * (centers[b + t + 3] as number);
  }
  for (; t < dim; t++) s0 += (data[a + t] as number) * (centers[b + t] as number);
  return s0 + s1 + (s2 + s3);
}

/** Squared norm of every centre. @returns [k] float64 (caller owns). */
export function centerNormsSquared(centers: Float64Array, dim: number): Float64Array {
  const k = centers.length / dim;
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let acc = 0;
    for (let t = j * dim, end = t + dim; t < end; t++) acc += (centers[t] as number) * (centers[t] as number);
    out[j] = acc;
  }
  return out;
}
