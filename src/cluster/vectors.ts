/**
 * Row helpers over `n × dim` row-major Float32Arrays. Sums run in float64 (JS numbers) so results do not depend on
 * float32 accumulation order.
 */

/** Squared L2 norm of every row. @returns [n] float64 (caller owns). */
export function rowNormsSquared(data: Float32Array, dim: number): Float64Array {
  const n = data.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let t = i * dim, end = t + dim; t < end; t++) {
      const v = data[t] as number;
      acc += v * v;
    }
    out[i] = acc;
  }
  return out;
}

/** Rows scaled to unit L2 norm (zero rows stay zero). @returns a new [n × dim] Float32Array (caller owns). */
export function normaliseRows(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  const norms = rowNormsSquared(data, dim);
  for (let i = 0; i < norms.length; i++) {
    const norm = Math.sqrt(norms[i] as number);
    if (norm === 0) continue;
    for (let t = i * dim, end = t + dim; t < end; t++) out[t] = (data[t] as number) / norm;
  }
  return out;
}

/** Squared Euclidean distance between row `i` of `data` and row `j` of `centers` (float64 centres), direct form. */
export function squaredDistanceTo(data: Float32Array, i: number, centers: Float64Array, j: number, dim: number): number {
  let acc = 0;
  for (let t = 0, a = i * dim, b = j * dim; t < dim; t++) {
    const diff = (data[a + t] as number) - (centers[b + t] as number);
    acc += diff * diff;
  }
  return acc;
}

/**
 * Mean over features of the per-feature variance: scikit-learn's scale for `tol` (`np.mean(np.var(X, axis=0))`).
 */
export function meanFeatureVariance(data: Float32Array, dim: number): number {
  const n = data.length / dim;
  if (n === 0) return 0;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] = (mean[t] as number) + (data[i * dim + t] as number);
  for (let t = 0; t < dim; t++) mean[t] = (mean[t] as number) / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < dim; t++) {
      const diff = (data[i * dim + t] as number) - (mean[t] as number);
      total += diff * diff;
    }
  }
  return total / n / dim;
}
