/**
 * Mean silhouette coefficient (Rousseeuw 1987) over a seeded sample of points, as scikit-learn's
 * `silhouette_score(X, labels, sample_size=m)`: the sample is drawn first and a(i), b(i) are computed within it.
 * s(i) = (b − a) / max(a, b), with a = mean distance to the other members of its cluster, b = the lowest mean
 * distance to another cluster; s = 0 for a point alone in its cluster. O(m² · dim).
 */
import { createRng } from '../common/rng';
import type { KMeansMetric } from './kmeansTypes';
import { normaliseRows } from './vectors';

export interface SilhouetteOptions {
  /** Points to score (default all, capped at n). */
  sampleSize?: number;
  /** Seeds the sample (default 0). */
  seed?: number;
  /** `euclidean` distance, or `cosine` distance 1 − cos (default euclidean). */
  metric?: KMeansMetric;
}

/**
 * @param data [n × dim] row-major points; `labels` [n] their clusters
 * @returns the mean silhouette in [−1, 1]; throws unless the sample holds 2 ≤ clusters ≤ size − 1 (as sklearn)
 */
export function silhouette(data: Float32Array, dim: number, labels: ArrayLike<number>, opts: SilhouetteOptions = {}): number {
  const n = data.length / dim;
  if (labels.length !== n) throw new RangeError(`silhouette: ${labels.length} labels for ${n} rows`);
  const m = Math.min(n, opts.sampleSize ?? n);
  let sample = Array.from({ length: n }, (_, i) => i);
  if (m < n) sample = createRng(opts.seed ?? 0).shuffle(sample).slice(0, m);
  const points = opts.metric === 'cosine' ? normaliseRows(data, dim) : data;
  const clusterOf = new Map<number, number>();
  const local = sample.map((i) => {
    const l = labels[i] as number;
    let c = clusterOf.get(l);
    if (c === undefined) {
      c = clusterOf.size;
      clusterOf.set(l, c);
    }
    return c;
  });
  const k = clusterOf.size;
  if (k < 2 || k > m - 1) throw new RangeError(`silhouette: needs 2 ≤ clusters (${k}) ≤ sample size − 1 (${m - 1})`);
  const sizes = new Float64Array(k);
  for (const c of local) sizes[c] = (sizes[c] as number) + 1;
  const sums = new Float64Array(k);
  let total = 0;
  for (let p = 0; p < m; p++) {
    sums.fill(0);
    const i = sample[p] as number;
    for (let q = 0; q < m; q++) {
      if (q === p) continue;
      const j = sample[q] as number;
      let d2 = 0;
      for (let t = 0; t < dim; t++) {
        const diff = (points[i * dim + t] as number) - (points[j * dim + t] as number);
        d2 += diff * diff;
      }
      const c = local[q] as number;
      // on the unit sphere, 1 − cos = ½‖x − y‖²
      sums[c] = (sums[c] as number) + (opts.metric === 'cosine' ? d2 / 2 : Math.sqrt(d2));
    }
    const own = local[p] as number;
    const ownSize = (sizes[own] as number) - 1;
    if (ownSize === 0) continue; // s = 0 for singletons
    const a = (sums[own] as number) / ownSize;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, (sums[c] as number) / (sizes[c] as number));
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / m;
}
