/**
 * 2-D PCA of embeddings for the embedding map: the top two eigenvectors of the covariance by power iteration, the
 * second kept orthogonal to the first (float64, dim × dim covariance: cheap for embeddings of a few hundred
 * dimensions). Signs are fixed so the largest-magnitude entry of each component is positive, keeping the picture
 * from flipping between evaluations.
 */

export interface Pca2d {
  /** [N × 2] row-major projections onto the two components. */
  points: Float64Array;
  /** [2 × dim] unit components. */
  components: Float64Array;
  /** [2] variance along each component (eigenvalues of the covariance, divided by N). */
  variance: [number, number];
  /** Share of the total variance the two components explain. */
  explained: number;
}

function covariance(data: Float32Array, dim: number): { cov: Float64Array; mean: Float64Array; n: number } {
  const n = data.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] = (mean[d] as number) + (data[i * dim + d] as number) / n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = (data[i * dim + d] as number) - (mean[d] as number);
    for (let a = 0; a < dim; a++) {
      const ra = row[a] as number;
      for (let b = a; b < dim; b++) cov[a * dim + b] = (cov[a * dim + b] as number) + (ra * (row[b] as number)) / n;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a] as number;
  return { cov, mean, n };
}

/** Removes from `w` its component along the unit vector `u` (Gram–Schmidt). */
function orthogonalise(w: Float64Array, u: Float64Array | null): void {
  if (!u) return;
  let dot = 0;
  for (let d = 0; d < w.length; d++) dot += (w[d] as number) * (u[d] as number);
  for (let d = 0; d < w.length; d++) w[d] = (w[d] as number) - dot * (u[d] as number);
}

/**
 * Dominant eigenpair of a symmetric PSD matrix by power iteration from a fixed, non-degenerate start; with
 * `orthogonalTo`, the dominant one in the complement of that unit vector (the second principal component).
 */
function powerIteration(
  m: Float64Array,
  dim: number,
  iterations: number,
  tolerance: number,
  orthogonalTo: Float64Array | null,
): { vector: Float64Array; value: number } {
  let v = Float64Array.from({ length: dim }, (_, d) => 1 + 0.1 * Math.sin(d + 1));
  orthogonalise(v, orthogonalTo);
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    const w = new Float64Array(dim);
    for (let a = 0; a < dim; a++) {
      let s = 0;
      for (let b = 0; b < dim; b++) s += (m[a * dim + b] as number) * (v[b] as number);
      w[a] = s;
    }
    orthogonalise(w, orthogonalTo);
    let sq = 0;
    for (const x of w) sq += x * x;
    const norm = Math.sqrt(sq);
    if (norm === 0) return { vector: v.map(() => 0), value: 0 };
    for (let d = 0; d < dim; d++) w[d] = (w[d] as number) / norm;
    let change = 0;
    for (let d = 0; d < dim; d++) change = Math.max(change, Math.abs((w[d] as number) - (v[d] as number)));
    v = w;
    value = norm;
    if (change < tolerance) break;
  }
  return { vector: v, value };
}

function fixSign(v: Float64Array): void {
  let at = 0;
  for (let d = 1; d < v.length; d++) if (Math.abs(v[d] as number) > Math.abs(v[at] as number)) at = d;
  if ((v[at] as number) < 0) for (let d = 0; d < v.length; d++) v[d] = -(v[d] as number);
}

/**
 * @param data [N × dim] row-major rows (N ≥ 1)
 * @returns projections of the centred rows onto the top two principal components (caller owns)
 */
export function pca2d(data: Float32Array, dim: number, iterations = 500, tolerance = 1e-10): Pca2d {
  const { cov, mean, n } = covariance(data, dim);
  let total = 0;
  for (let d = 0; d < dim; d++) total += cov[d * dim + d] as number;
  const first = powerIteration(cov, dim, iterations, tolerance, null);
  fixSign(first.vector);
  const second = dim > 1 ? powerIteration(cov, dim, iterations, tolerance, first.vector) : { vector: new Float64Array(dim), value: 0 };
  fixSign(second.vector);
  const components = new Float64Array(2 * dim);
  components.set(first.vector, 0);
  components.set(second.vector, dim);
  const points = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += ((data[i * dim + d] as number) - (mean[d] as number)) * (components[c * dim + d] as number);
      points[i * 2 + c] = s;
    }
  }
  return {
    points,
    components,
    variance: [first.value, second.value],
    explained: total > 0 ? (first.value + second.value) / total : 0,
  };
}
