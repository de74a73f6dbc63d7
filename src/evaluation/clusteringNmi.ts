/**
 * Clustering quality on held-out identities: k-means with k = number of identities, scored by NMI against identity
 * (arithmetic normalisation, sklearn's default). Yields to the event loop between slices (kmeansAsync).
 */
import { kmeansAsync, nmi } from '../cluster';

export interface ClusteringScore {
  nmi: number;
  k: number;
  /** [N] k-means cluster of each row (empty when there is nothing to cluster). */
  assignments: Int32Array;
}

/**
 * @param data [N × dim] embeddings (normalised ones give spherical-ish clusters; plain euclidean k-means is used)
 * @param labels [N] identity of each row
 */
export async function clusteringNmi(data: Float32Array, dim: number, labels: Int32Array, seed: number): Promise<ClusteringScore> {
  const k = new Set(labels).size;
  if (k < 2 || labels.length <= k) return { nmi: NaN, k, assignments: new Int32Array(0) };
  const { assignments } = await kmeansAsync(data, dim, { k, seed, nInit: 1 });
  return { nmi: nmi(labels, assignments), k, assignments };
}
