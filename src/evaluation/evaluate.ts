/**
 * One evaluation of held-out embeddings: verification (ROC, AUC, EER, 10-fold accuracy, TAR@FAR), retrieval
 * (Recall@1/5, R-precision, mAP@R), clustering (k-means NMI) and a 2-D PCA for the map. Runs on whatever thread
 * calls it, yielding to the event loop every `sliceMs` through the O(N²) parts so a page stays responsive.
 */
import { yieldToEventLoop } from '../common/schedule';
import { clusteringNmi, type ClusteringScore } from './clusteringNmi';
import type { EvalDistance } from './distance';
import { assignFolds, DEFAULT_FOLDS, kFoldAccuracy, type KFoldAccuracy } from './kFoldAccuracy';
import { pairDistances, verificationPairs, type VerificationPairs } from './pairs';
import { pca2d, type Pca2d } from './pca';
import { emptyQueryScores, scoreQueries, summariseRetrieval, type QueryScores, type RetrievalMetrics } from './retrieval';
import { equalErrorRate, rocAuc, rocCurve, type RocCurve } from './roc';
import { tarAtFar, type TarAtFar } from './tarAtFar';

export const DEFAULT_FAR = 1e-3;

export interface EvaluationInput {
  /** [N × dim] row-major L2-normalised embeddings. */
  embeddings: Float32Array;
  dim: number;
  /** [N] identity of each row. */
  labels: Int32Array;
}

export type EvaluationPhase = 'pairs' | 'retrieval' | 'clustering' | 'projection';

export interface EvaluationOptions {
  distance: EvalDistance;
  seed: number;
  far?: number;
  /** Longest stretch of work between yields, in ms (default 20). */
  sliceMs?: number;
  onProgress?: (phase: EvaluationPhase, done: number, total: number) => void;
}

export interface Verification {
  pairs: VerificationPairs;
  /** [P] distance of each pair. */
  distances: Float64Array;
  positives: number;
  negatives: number;
  roc: RocCurve;
  auc: number;
  eer: number;
  eerThreshold: number;
  accuracy: KFoldAccuracy;
  tarAtFar: TarAtFar;
}

export interface EvaluationResult {
  images: number;
  identities: number;
  distance: EvalDistance;
  verification: Verification;
  retrieval: RetrievalMetrics;
  perQuery: QueryScores;
  clustering: ClusteringScore;
  pca: Pca2d;
}

export async function evaluateEmbeddings(input: EvaluationInput, opts: EvaluationOptions): Promise<EvaluationResult> {
  const { embeddings, dim, labels } = input;
  const n = labels.length;
  const sliceMs = opts.sliceMs ?? 20;
  const report = opts.onProgress ?? (() => {});

  // Each piece is O(P log P) on ≤ 40,000 pairs: a yield between them keeps every task short.
  report('pairs', 0, 3);
  const pairs = verificationPairs(labels, { seed: opts.seed });
  const distances = pairDistances(embeddings, dim, pairs, opts.distance);
  let positives = 0;
  for (const s of pairs.same) positives += s;
  await yieldToEventLoop();
  report('pairs', 1, 3);
  const roc = rocCurve(distances, pairs.same);
  const { eer, threshold: eerThreshold } = equalErrorRate(roc);
  const far = tarAtFar(distances, pairs.same, opts.far ?? DEFAULT_FAR);
  await yieldToEventLoop();
  report('pairs', 2, 3);
  const accuracy = kFoldAccuracy(distances, pairs.same, assignFolds(distances.length, DEFAULT_FOLDS, opts.seed), DEFAULT_FOLDS);
  const verification: Verification = {
    pairs,
    distances,
    positives,
    negatives: pairs.same.length - positives,
    roc,
    auc: rocAuc(roc),
    eer,
    eerThreshold,
    accuracy,
    tarAtFar: far,
  };
  report('pairs', 3, 3);
  await yieldToEventLoop();

  const perQuery = emptyQueryScores(n);
  let start = performance.now();
  for (let q = 0; q < n; ) {
    // Grow the slice until it takes sliceMs; a query costs O(N log N).
    let to = q + 1;
    while (to <= n) {
      scoreQueries(embeddings, dim, labels, opts.distance, perQuery, to - 1, to);
      to++;
      if (performance.now() - start >= sliceMs) break;
    }
    q = to - 1;
    report('retrieval', q, n);
    await yieldToEventLoop();
    start = performance.now();
  }

  report('clustering', 0, 1);
  const clustering = await clusteringNmi(embeddings, dim, labels, opts.seed);
  report('projection', 0, 1);
  await yieldToEventLoop();
  const pca = pca2d(embeddings, dim);
  await yieldToEventLoop();
  return {
    images: n,
    identities: new Set(labels).size,
    distance: opts.distance,
    verification,
    retrieval: summariseRetrieval(perQuery),
    perQuery,
    clustering,
    pca,
  };
}
