/** The k-means objective for given centroids and assignments, recomputed directly (float64 sums). */
import type { KMeansMetric } from './kmeansTypes';
import { normaliseRows } from './vectors';

/**
 * Σ_i ‖x_i − c_{a_i}‖² (euclidean) or Σ_i (1 − cos(x_i, c_{a_i})) (cosine, matching `kmeans`'s inertia).
 * @param data [n × dim]; `centroids` [k × dim]; `assignments` [n] in [0, k)
 */
export function inertia(
  data: Float32Array,
  dim: number,
  centroids: Float32Array,
  assignments: ArrayLike<number>,
  metric: KMeansMetric = 'euclidean',
): number {
  const points = metric === 'cosine' ? normaliseRows(data, dim) : data;
  const centres = metric === 'cosine' ? normaliseRows(centroids, dim) : centroids;
  let total = 0;
  for (let i = 0; i < assignments.length; i++) {
    const a = assignments[i] as number;
    let d2 = 0;
    for (let t = 0; t < dim; t++) {
      const diff = (points[i * dim + t] as number) - (centres[a * dim + t] as number);
      d2 += diff * diff;
    }
    total += metric === 'cosine' ? d2 / 2 : d2;
  }
  return total;
}
