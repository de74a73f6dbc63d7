/**
 * Retrieval on held-out identities: every image queries all the others (metric-learning.md, "Evaluation"), with
 * the definitions of pytorch-metric-learning's AccuracyCalculator. For a query with R other images of its identity
 * and neighbours sorted by distance (ties by row index):
 * - Recall@1 = precision@1: the nearest neighbour shares the identity.
 * - Recall@5: any of the 5 nearest shares it.
 * - R-precision: share of the R nearest that share it.
 * - mAP@R: (1/R) Σ_{i ≤ R} rel(i) · precision@i, where rel(i) = 1 when the i-th neighbour shares it.
 * Queries with R = 0 are left out of every mean. The arrays are per query for the UI; the means are the metrics.
 */
import { distancesFrom, type EvalDistance } from './distance';

export interface QueryScores {
  /** [N] R of each row (other images of its identity). */
  relevant: Int32Array;
  /** [N] per-query scores; NaN for queries with R = 0. */
  hitAt1: Float64Array;
  hitAt5: Float64Array;
  rPrecision: Float64Array;
  averagePrecisionAtR: Float64Array;
}

export interface RetrievalMetrics {
  recallAt1: number;
  recallAt5: number;
  rPrecision: number;
  mapAtR: number;
  /** Queries with R ≥ 1. */
  queries: number;
}

/** Neighbours of `query` (itself excluded), nearest first, ties by row index. */
export function rankNeighbours(data: Float32Array, dim: number, query: number, distance: EvalDistance): { order: Int32Array; distances: Float64Array } {
  const distances = distancesFrom(data, dim, query, distance);
  const order = Int32Array.from({ length: distances.length - 1 }, (_, i) => (i < query ? i : i + 1));
  order.sort((x, y) => (distances[x] as number) - (distances[y] as number) || x - y);
  return { order, distances };
}

export function emptyQueryScores(n: number): QueryScores {
  const nan = () => new Float64Array(n).fill(NaN);
  return { relevant: new Int32Array(n), hitAt1: nan(), hitAt5: nan(), rPrecision: nan(), averagePrecisionAtR: nan() };
}

/**
 * Scores rows [from, to) as queries into `scores` (so a caller can slice the O(N²) work and yield between slices).
 * @param data [N × dim] embeddings; @param labels [N] identity of each row
 */
export function scoreQueries(
  data: Float32Array,
  dim: number,
  labels: Int32Array,
  distance: EvalDistance,
  scores: QueryScores,
  from: number,
  to: number,
): void {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  for (let q = from; q < to; q++) {
    const label = labels[q] as number;
    const r = (counts.get(label) as number) - 1;
    scores.relevant[q] = r;
    if (r === 0) continue;
    const { order } = rankNeighbours(data, dim, q, distance);
    const rel = (i: number) => (labels[order[i] as number] === label ? 1 : 0);
    scores.hitAt1[q] = rel(0);
    let any5 = 0;
    for (let i = 0; i < Math.min(5, order.length); i++) any5 |= rel(i);
    scores.hitAt5[q] = any5;
    let hits = 0;
    let sumPrecision = 0;
    for (let i = 0; i < r; i++) {
      if (rel(i)) {
        hits++;
        sumPrecision += hits / (i + 1);
      }
    }
    scores.rPrecision[q] = hits / r;
    scores.averagePrecisionAtR[q] = sumPrecision / r;
  }
}

const meanOf = (values: Float64Array): number => {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : NaN;
};

export function summariseRetrieval(scores: QueryScores): RetrievalMetrics {
  let queries = 0;
  for (const r of scores.relevant) if (r > 0) queries++;
  return {
    recallAt1: meanOf(scores.hitAt1),
    recallAt5: meanOf(scores.hitAt5),
    rPrecision: meanOf(scores.rPrecision),
    mapAtR: meanOf(scores.averagePrecisionAtR),
    queries,
  };
}

/** All queries at once (tests, small N). */
export function retrievalMetrics(data: Float32Array, dim: number, labels: Int32Array, distance: EvalDistance): RetrievalMetrics {
  const scores = emptyQueryScores(labels.length);
  scoreQueries(data, dim, labels, distance, scores, 0, labels.length);
  return summariseRetrieval(scores);
}
