/**
 * Distances between rows of a row-major embedding matrix, for evaluation (plain loops in float64, no tfjs).
 * On L2-normalised embeddings the three are monotone in each other (‖a − b‖² = 2 − 2 cos), so rankings agree and
 * only thresholds differ; the lab reports thresholds in the distance the run trains with.
 */

export type EvalDistance = 'euclidean' | 'squaredEuclidean' | 'cosine';

/**
 * d(row i, row j).
 * @param data [N × dim] row-major embeddings
 */
export function rowDistance(data: Float32Array, dim: number, i: number, j: number, distance: EvalDistance): number {
  const a = i * dim;
  const b = j * dim;
  if (distance === 'cosine') {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let d = 0; d < dim; d++) {
      const x = data[a + d] as number;
      const y = data[b + d] as number;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    const denom = Math.sqrt(na * nb);
    return denom > 0 ? 1 - dot / denom : 1;
  }
  let sq = 0;
  for (let d = 0; d < dim; d++) {
    const diff = (data[a + d] as number) - (data[b + d] as number);
    sq += diff * diff;
  }
  return distance === 'squaredEuclidean' ? sq : Math.sqrt(sq);
}

/**
 * Distances from row `query` to every row (its own entry included, at 0 or near it).
 * @returns [N] float64 distances (caller owns)
 */
export function distancesFrom(data: Float32Array, dim: number, query: number, distance: EvalDistance): Float64Array {
  const n = data.length / dim;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = rowDistance(data, dim, query, j, distance);
  return out;
}
