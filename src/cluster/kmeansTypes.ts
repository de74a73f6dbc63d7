/** The k-means contract shared by the pure module, the worker protocol and the UI. */
import type { CancelSignal } from './cancel';

export type KMeansMetric = 'euclidean' | 'cosine';

/**
 * `hamerly` (default): Lloyd iterations that skip points whose bounds prove their centre cannot change
 * (Hamerly 2010, "Making k-means even faster"); same assignments as plain Lloyd. `lloyd`: every point against every
 * centre each iteration, kept as the reference and for the bench.
 */
export type KMeansAlgorithm = 'hamerly' | 'lloyd';

export type KMeansInit = 'k-means++' | 'k-means||';

/** Where a run is. `iteration` events come once per Lloyd iteration; `heartbeat`s at most every ~100 ms inside long steps. */
export interface KMeansProgress {
  kind: 'iteration' | 'heartbeat';
  /** 0-based restart index and the number of restarts (`nInit`). */
  run: number;
  runs: number;
  /** `seeding`: k-means++ or k-means‖; `iterating`: Lloyd. */
  phase: 'seeding' | 'iterating';
  /** Lloyd iterations completed in this run. */
  iteration: number;
  /** Inertia of the last completed iteration's assignment (NaN before the first). */
  inertia: number;
  /** Points whose cluster changed in the last completed iteration (every point on the first). */
  moved: number;
  /** Fraction of the current step done, in [0, 1]: centres seeded, or points assigned in this iteration. */
  fraction: number;
}

export interface KMeansOptions {
  k: number;
  /** Seeds k-means++ (default 0): same data, options and seed → same result. */
  seed?: number;
  /** Restarts from independent seedings; the lowest inertia wins (ties: the earliest). Default 1 (sklearn 'auto'). */
  nInit?: number;
  /** Lloyd iterations per restart (default 300, as sklearn). */
  maxIter?: number;
  /**
   * Convergence tolerance as in scikit-learn (default 1e-4): stop when the summed squared centroid shift of an
   * iteration is ≤ tol × mean per-feature variance of the data; also stop when no point changes cluster.
   */
  tol?: number;
  /** `cosine`: spherical k-means on unit-normalised rows with unit-normalised centroids. Default `euclidean`. */
  metric?: KMeansMetric;
  algorithm?: KMeansAlgorithm;
  /**
   * Seeding: `k-means++` (default; sklearn's greedy variant) or `k-means||` (Bahmani et al. 2012: a few rounds of
   * oversampling, then greedy k-means++ on the weighted candidates), meant for k ≥ 1,000.
   */
  init?: KMeansInit;
  /** Candidates tried per k-means++ centre, keeping the one that lowers the potential most. Default 2 + ⌊ln k⌋ (sklearn). */
  localTrials?: number;
  onProgress?: (p: KMeansProgress) => void;
  /** Checked between steps; when aborted the run throws `CancelledError`. */
  signal?: CancelSignal;
}

export interface KMeansResult {
  /** [k × dim] centroids (unit norm for `cosine`). */
  centroids: Float32Array;
  /** [n] cluster of each row. */
  assignments: Int32Array;
  /** Sum of squared distances to the assigned centroid; for `cosine`, the sum of cosine distances 1 − cos. */
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
  /** Whether the winning restart stopped on `tol` or unchanged assignments before `maxIter`. */
  converged: boolean;
  /** Index of the winning restart. */
  run: number;
}
