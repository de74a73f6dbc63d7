/**
 * The distance kernel: dot products of many points with a set of centres, the O(n·k·dim) part of k-means++ seeding,
 * Lloyd / Hamerly iterations and nearest-centre assignment. Callers form ‖x − c‖² = ‖x‖² + ‖c‖² − 2 x·c with
 * float64 norms, so only the products run in the kernel's precision. The kernel is injected: `blockedKernel` (pure
 * TypeScript, float64) is the default; the cluster worker passes the WebAssembly SIMD kernel (float32, simdKernel.ts).
 */

export interface DistanceKernel {
  /** Short name for benches and notes. */
  readonly name: string;
  /** Uses these `k` centres ([k × dim] row-major) for the following `dots` calls; the kernel keeps its own copy. */
  setCenters(centers: Float64Array, k: number, dim: number): void;
  /**
   * `out[p · k + j] = x_i · c_j` for `i = rows[from + p]`, `p ∈ [0, to − from)`, every centre `j`.
   * @param data [n × dim] points; `out` at least (to − from) · k values
   */
  dots(data: Float32Array, rows: Int32Array, from: number, to: number, out: Float64Array): void;
  /**
   * Optional: `nearestTwo` of nearest.ts (same arguments, same values) done inside the kernel, where forming the
   * distances next to the products saves widening them into a float64 block first.
   */
  nearestTwo?(
    data: Float32Array,
    norms: Float64Array,
    rows: Int32Array,
    from: number,
    to: number,
    centerNorms: Float64Array,
    labels: Int32Array,
    first: Float64Array,
    second: Float64Array,
  ): void;
  /**
   * Optional: k-means++ seeding's pass over the open rows (`seedTrials` of seedTrials.ts, same values) done by the
   * kernel, e.g. on several threads; the candidates are the centres of the last `setCenters`.
   * @returns [count × trials] the results, in an array the kernel owns (valid until its next call)
   */
  seedTrials?(job: SeedTrialsJob): Float64Array;
}

/** One step of k-means++ seeding's pass (seedTrials.ts): the open rows, their state, the candidates' bounds. */
export interface SeedTrialsJob {
  /** [n × dim] the points; [n] their squared norms. */
  data: Float32Array;
  norms: Float64Array;
  /** rows[0, count): the open rows (those some candidate may come closer to). */
  rows: Int32Array;
  count: number;
  /** [n] by row index: D² to the nearest centre so far, and that centre's index. */
  closest: Float64Array;
  nearest: Int32Array;
  /** [trials] the candidates' squared norms; the candidates themselves are the kernel's centres (`setCenters`). */
  candNorms: Float64Array;
  /** Candidate t's squared distance to centre j at [t · stride + j]. */
  candToCenterSq: Float64Array;
  stride: number;
  trials: number;
}

/** Rows a kernel call takes at most: bounds the `out` scratch at BLOCK_ROWS · k values. */
export const BLOCK_ROWS = 64;

/**
 * Pure TypeScript, float64 accumulators, two points × four centres per pass so each loaded value feeds several
 * multiply-adds (V8 does not vectorise; register reuse is what pays: 2.4 G multiply-adds/s here against 0.73 for a
 * per-pair loop).
 */
export function blockedKernel(): DistanceKernel {
  let centers: Float64Array = new Float64Array(0);
  let k = 0;
  let dim = 0;
  let x = new Float64Array(0);
  return {
    name: 'blocked TS (float64)',
    setCenters(c, kk, d) {
      centers = c;
      k = kk;
      dim = d;
      if (x.length < 2 * d) x = new Float64Array(2 * d);
    },
    dots(data, rows, from, to, out) {
      const k4 = k - (k % 4);
      let p = from;
      for (; p + 1 < to; p += 2) {
        const i0 = (rows[p] as number) * dim;
        const i1 = (rows[p + 1] as number) * dim;
        for (let t = 0; t < dim; t++) {
          x[t] = data[i0 + t] as number;
          x[dim + t] = data[i1 + t] as number;
        }
        const o0 = (p - from) * k;
        const o1 = o0 + k;
        let j = 0;
        for (; j < k4; j += 4) {
          const q0 = j * dim;
          const q1 = q0 + dim;
          const q2 = q1 + dim;
          const q3 = q2 + dim;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0; // prettier-ignore
          for (let t = 0; t < dim; t++) {
            const u = x[t] as number;
            const v = x[dim + t] as number;
            const c0 = centers[q0 + t] as number;
            const c1 = centers[q1 + t] as number;
            const c2 = centers[q2 + t] as number;
            const c3 = centers[q3 + t] as number;
            a0 += u * c0;
            a1 += u * c1;
            a2 += u * c2;
            a3 += u * c3;
            b0 += v * c0;
            b1 += v * c1;
            b2 += v * c2;
            b3 += v * c3;
          }
          out[o0 + j] = a0;
          out[o0 + j + 1] = a1;
          out[o0 + j + 2] = a2;
          out[o0 + j + 3] = a3;
          out[o1 + j] = b0;
          out[o1 + j + 1] = b1;
          out[o1 + j + 2] = b2;
          out[o1 + j + 3] = b3;
        }
        for (; j < k; j++) {
          const q = j * dim;
          let a = 0;
          let b = 0;
          for (let t = 0; t < dim; t++) {
            const c = centers[q + t] as number;
            a += (x[t] as number) * c;
            b += (x[dim + t] as number) * c;
          }
          out[o0 + j] = a;
          out[o1 + j] = b;
        }
      }
      if (p < to) {
        const i0 = (rows[p] as number) * dim;
        const o0 = (p - from) * k;
        for (let j = 0; j < k; j++) {
          let a = 0;
          for (let t = 0, q = j * dim; t < dim; t++) a += (data[i0 + t] as number) * (centers[q + t] as number);
          out[o0 + j] = a;
        }
      }
    },
  };
}
