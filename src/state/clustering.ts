/**
 * Clustering identities into subspaces (seed 000, method 3): embed every training identity in the training worker,
 * k-means the identity vectors in the cluster worker, hand the assignment to the subspace sampler. Its own small
 * store (the lab store stays about training); the Clustering panel reads it, the test hook copies from it.
 * The page thread only routes messages and computes O(n) scores plus a sampled silhouette.
 */
import { ClusterClient } from '../workers/clusterClient';
import { isCancelled, nmi, purity, silhouette, type KMeansMetric, type KMeansProgress } from '../cluster';
import type { SamplerCensus } from '../train/samplerComparison';
import { lookAlikePairs, subspaceCount, subspaceMembers, subspaceSizes, subspaceTable, type LookAlikePairs, type Subspace } from './clusteringSummary';
import { lab } from './lab';
import { createStore } from './store';

export type ClusteringStatus = 'idle' | 'embedding' | 'clustering' | 'done' | 'error';

export interface ClusteringSettings {
  /** Number of subspaces M; null follows the default for the run (identities / 2P). */
  k: number | null;
  metric: KMeansMetric;
  nInit: number;
  /** Re-cluster whenever training crosses a multiple of this many steps; null: off. */
  reclusterEvery: number | null;
}

export interface SubspaceClustering {
  k: number;
  metric: KMeansMetric;
  /** Training step of the network that embedded the identities. */
  step: number;
  /** Which run it belongs to (dataset and split seed): stale when the run changes. */
  runKey: string;
  /** [k] identities per subspace, by subspace id. */
  sizes: number[];
  /** Largest first, for the browser. */
  subspaces: Subspace[];
  identities: number;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Mean silhouette over a seeded sample of identities (null when undefined, e.g. one subspace). */
  silhouette: number | null;
  /** Against the synthetic look-alike families (null on data without families). */
  families: { purity: number; nmi: number; pairs: LookAlikePairs } | null;
  embedMs: number;
  kmeansMs: number;
}

export interface ClusteringState {
  status: ClusteringStatus;
  message: string | null;
  settings: ClusteringSettings;
  kmeans: KMeansProgress | null;
  /** The last finished clustering; kept while a new one runs. */
  result: SubspaceClustering | null;
  comparing: boolean;
  comparison: { step: number; results: SamplerCensus[] } | null;
}

const INITIAL: ClusteringState = {
  status: 'idle',
  message: null,
  settings: { k: null, metric: 'cosine', nInit: 4, reclusterEvery: null },
  kmeans: null,
  result: null,
  comparing: false,
  comparison: null,
};

/** Silhouette is O(m² · dim) on the page thread: a few hundred identities keep it to milliseconds. */
const SILHOUETTE_SAMPLE = 300;

export const clusteringStore = createStore<ClusteringState>(INITIAL);
const patch = (p: Partial<ClusteringState>) => clusteringStore.set((s) => ({ ...s, ...p }));
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let client: ClusterClient | null = null;
let abort: AbortController | null = null;

/** The run a clustering belongs to: identity ids and the train split follow the dataset and the seed. */
export function runKey(): string {
  const { config } = lab.store.get();
  return JSON.stringify([config.dataset, config.trainer.seed]);
}

export const isBusy = (status: ClusteringStatus = clusteringStore.get().status): boolean => status === 'embedding' || status === 'clustering';

/** Embeds identities, clusters them and hands the subspaces to the training worker. One at a time. */
export async function clusterIdentities(): Promise<void> {
  const worker = lab.worker();
  const { run, config, training } = lab.store.get();
  if (!worker || !run || isBusy()) return;
  const { metric, nInit } = clusteringStore.get().settings;
  const k = subspaceCount(run.trainIdentities, config.trainer.P, clusteringStore.get().settings.k);
  const key = runKey();
  const controller = new AbortController();
  abort = controller;
  const fallback = (): ClusteringStatus => (clusteringStore.get().result ? 'done' : 'idle');
  patch({ status: 'embedding', message: null, kmeans: null });
  try {
    const t0 = performance.now();
    const step = training.step;
    const { vectors, families } = await worker.embedIdentities();
    if (controller.signal.aborted) throw new Error('cancelled');
    const t1 = performance.now();
    patch({ status: 'clustering' });
    client ??= new ClusterClient();
    const result = await client.kmeans(vectors.vectors, vectors.dim, {
      k,
      metric,
      nInit,
      seed: config.trainer.seed,
      transfer: false,
      signal: controller.signal,
      onProgress: (kmeans) => patch({ kmeans }),
    });
    const t2 = performance.now();
    if (controller.signal.aborted) throw new Error('cancelled');
    if (runKey() !== key) throw new Error('The run changed while clustering: cluster again.');
    const length = vectors.ids.reduce((m, id) => Math.max(m, id + 1), config.dataset.settings.identities);
    await worker.setSubspaces(subspaceTable(vectors.ids, result.assignments, length));
    const { assignments } = result;
    let score: number | null = null;
    try {
      score = silhouette(vectors.vectors, vectors.dim, assignments, { sampleSize: SILHOUETTE_SAMPLE, seed: config.trainer.seed, metric });
    } catch {
      score = null; // fewer than two subspaces in the sample
    }
    patch({
      status: 'done',
      kmeans: null,
      result: {
        k,
        metric,
        step,
        runKey: key,
        sizes: subspaceSizes(assignments, k),
        subspaces: subspaceMembers(vectors.ids, assignments, k, families),
        identities: vectors.ids.length,
        inertia: result.inertia,
        iterations: result.iterations,
        converged: result.converged,
        silhouette: score,
        families: families ? { purity: purity(families, assignments), nmi: nmi(families, assignments), pairs: lookAlikePairs(families, assignments) } : null,
        embedMs: t1 - t0,
        kmeansMs: t2 - t1,
      },
    });
  } catch (error) {
    if (controller.signal.aborted || isCancelled(error)) patch({ status: fallback(), kmeans: null, message: 'Clustering cancelled.' });
    else patch({ status: 'error', kmeans: null, message: errorText(error) });
  } finally {
    if (abort === controller) abort = null;
  }
}

/** Stops k-means at once; an embedding in progress finishes in the worker and its result is dropped. */
export function cancelClustering(): void {
  abort?.abort();
}

export function setClusteringSettings(p: Partial<ClusteringSettings>): void {
  const settings = { ...clusteringStore.get().settings, ...p };
  patch({ settings });
  if ('reclusterEvery' in p) watchSteps(settings.reclusterEvery);
}

/** Hard and semi-hard shares of P×K batches against subspace batches, on the current network. */
export async function compareBatches(batches = 20): Promise<void> {
  const worker = lab.worker();
  if (!worker || clusteringStore.get().comparing) return;
  patch({ comparing: true, message: null });
  try {
    const step = lab.store.get().training.step;
    const results = await worker.compareSamplers(batches);
    patch({ comparing: false, comparison: { step, results } });
  } catch (error) {
    patch({ comparing: false, message: errorText(error) });
  }
}

/** Switches training to subspace batches (the network and its steps are kept). */
export function trainWithSubspaces(): Promise<void> {
  const { config } = lab.store.get();
  return lab.update({ ...config, trainer: { ...config.trainer, sampler: 'subspace' } }, 'sampler → subspace');
}

let unwatch: (() => void) | null = null;

/**
 * Background re-clustering: while training runs, each time the step crosses a multiple of `every`, embed and
 * cluster again. Skipped when one is already running; the embedding slots in between training steps.
 */
function watchSteps(every: number | null): void {
  unwatch?.();
  unwatch = null;
  if (every === null || every < 1) return;
  let bucket = Math.floor(lab.store.get().training.step / every);
  unwatch = lab.store.subscribe(() => {
    const { training, run } = lab.store.get();
    const now = Math.floor(training.step / every);
    if (now === bucket) return;
    const crossed = now > bucket;
    bucket = now; // a reset moves the bucket back without clustering
    if (crossed && training.status === 'running' && run && !isBusy()) void clusterIdentities();
  });
}

/** What e2e specs read (as `window.__lab.clustering()`): plain copies, nothing that can change the app. */
export function clusteringHook(): {
  status: ClusteringStatus;
  k: number;
  sizes: number[];
  purity: number | null;
  nmi: number | null;
  comparison: { sampler: SamplerCensus['sampler']; hardShare: number; semiHardShare: number }[] | null;
} {
  const { status, result, comparison } = clusteringStore.get();
  return {
    status,
    k: result?.k ?? 0,
    sizes: result ? [...result.sizes] : [],
    purity: result?.families?.purity ?? null,
    nmi: result?.families?.nmi ?? null,
    comparison: comparison ? comparison.results.map(({ sampler, hardShare, semiHardShare }) => ({ sampler, hardShare, semiHardShare })) : null,
  };
}

// Until the lab hook exposes `window.__lab.clustering`, e2e reads this one.
if (typeof window !== 'undefined') Object.assign(window, { __labClustering: clusteringHook });
