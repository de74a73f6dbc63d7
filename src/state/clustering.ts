/**
 * Clustering identities into subspaces (seed 000, method 3): embed every training identity in the training worker,
 * k-means the identity vectors in the cluster worker, hand the assignment to the subspace sampler. The actions the
 * Clustering panel calls, made with the lab they drive (ui/stores.ts); their state's shape lives in
 * clusteringStore.ts (the lab store stays about training). The page thread only routes messages and computes O(n)
 * scores; the sampled silhouette runs in the cluster worker too.
 */
import { errorText } from '../common/errorText';
import { everySteps } from './everySteps';
import { ClusterClient } from '../workers/clusterClient';
import { isCancelled, nmi, purity } from '../cluster';
import { yieldToEventLoop } from '../common/schedule';
import { lookAlikePairs, subspaceCount, subspaceMembers, subspaceSizes, subspaceTable } from '../cluster/subspaces';
import { INITIAL_CLUSTERING, isBusy, type ClusteringSettings, type ClusteringState } from './clusteringStore';
import type { Lab } from './lab';
import { createStore } from './store';

export * from './clusteringStore';

/** Silhouette is O(m² · dim): a few hundred sampled identities keep it to milliseconds. */
const SILHOUETTE_SAMPLE = 300;

/** What clustering needs of the lab: the run (identities, seed, step), the training worker, and a settings update. */
export type ClusteringLab = Pick<Lab, 'store' | 'worker' | 'update'>;

/** The clustering's store and the actions of the Clustering panel, on `lab`'s run. */
export function createClustering(lab: ClusteringLab) {
  const store = createStore<ClusteringState>(INITIAL_CLUSTERING);
  const patch = (p: Partial<ClusteringState>) => store.set((s) => ({ ...s, ...p }));
  const busy = (): boolean => isBusy(store.get().status);
  let client: ClusterClient | null = null;
  let abort: AbortController | null = null;
  let version = 0;
  let unwatch: (() => void) | null = null;

  /**
   * Starts the cluster worker pool with a trivial run, so the first real clustering does not pay for spawning and
   * loading the workers. Call when the page is idle.
   */
  function warmClusterWorkers(): void {
    if (client) return;
    client = new ClusterClient();
    const { nInit } = store.get().settings;
    void client.kmeans(new Float32Array([0, 1, 2, 3]), 1, { k: 2, nInit }).catch(() => undefined);
  }

  /** The run a clustering belongs to: identity ids and the train split follow the dataset and the seed. */
  function runKey(): string {
    const { config } = lab.store.get();
    return JSON.stringify([config.dataset, config.trainer.seed]);
  }

  /** Embeds identities, clusters them and hands the subspaces to the training worker. One at a time. */
  async function clusterIdentities(): Promise<void> {
    const worker = lab.worker();
    const { run, config, training } = lab.store.get();
    if (!worker || !run || busy()) return;
    const { metric, nInit, representation } = store.get().settings;
    const k = subspaceCount(run.trainIdentities, config.trainer.P, store.get().settings.k);
    const key = runKey();
    const controller = new AbortController();
    abort = controller;
    // A cancelled run may still settle later (its embedding finishes in the worker): it must not touch the state.
    const live = (): boolean => abort === controller && !controller.signal.aborted;
    patch({ status: 'embedding', message: null, kmeans: null });
    try {
      const t0 = performance.now();
      const step = training.step;
      const { vectors, families } = await worker.embedIdentities(representation);
      if (!live()) return;
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
        onProgress: (kmeans) => live() && patch({ kmeans }),
      });
      const t2 = performance.now();
      if (!live()) return;
      if (runKey() !== key) throw new Error('The run changed while clustering: cluster again.');
      abort = null; // past this point the subspaces go live: no more cancelling
      const length = vectors.ids.reduce((m, id) => Math.max(m, id + 1), 0);
      await worker.setSubspaces(subspaceTable(vectors.ids, result.assignments, length));
      const { assignments } = result;
      const score = await client
        .silhouette(vectors.vectors, vectors.dim, assignments, { sampleSize: SILHOUETTE_SAMPLE, seed: config.trainer.seed, metric })
        .catch(() => null); // fewer than two subspaces in the sample
      // Scores, members and the panel's re-render each in their own task: none of them long on a busy machine.
      await yieldToEventLoop();
      const scores = families ? { purity: purity(families, assignments), nmi: nmi(families, assignments), pairs: lookAlikePairs(families, assignments) } : null;
      const subspaces = subspaceMembers(vectors.ids, assignments, k, families);
      await yieldToEventLoop();
      patch({
        status: 'done',
        kmeans: null,
        comparison: null, // it measured the previous subspaces
        result: {
          version: ++version,
          k,
          metric,
          step,
          representation,
          runKey: key,
          sizes: subspaceSizes(assignments, k),
          subspaces,
          identities: vectors.ids.length,
          inertia: result.inertia,
          iterations: result.iterations,
          converged: result.converged,
          silhouette: score,
          families: scores,
          embedMs: t1 - t0,
          kmeansMs: t2 - t1,
        },
      });
    } catch (error) {
      if (isCancelled(error) || controller.signal.aborted) return; // cancelClustering already reset the state
      patch({ status: 'error', kmeans: null, message: errorText(error) });
    } finally {
      if (abort === controller) abort = null;
    }
  }

  /**
   * Cancels the clustering in progress: k-means stops at once; an embedding finishes in the training worker (between
   * steps) and its result is dropped. The previous subspaces, if any, stay in use.
   */
  function cancelClustering(): void {
    if (!abort) return;
    abort.abort();
    abort = null;
    patch({ status: store.get().result ? 'done' : 'idle', kmeans: null, message: 'Clustering cancelled.' });
  }

  function setClusteringSettings(p: Partial<ClusteringSettings>): void {
    const settings = { ...store.get().settings, ...p };
    patch({ settings });
    if ('reclusterEvery' in p) watchSteps(settings.reclusterEvery);
  }

  /** Hard and semi-hard shares of P×K batches against subspace batches, on the current network. */
  async function compareBatches(batches = 20): Promise<void> {
    const worker = lab.worker();
    if (!worker || store.get().comparing) return;
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
  function trainWithSubspaces(): Promise<void> {
    const { config } = lab.store.get();
    return lab.update({ ...config, trainer: { ...config.trainer, sampler: 'subspace' } }, 'sampler → subspace');
  }

  /**
   * Background re-clustering: while training runs, each time the step crosses a multiple of `every`, embed and
   * cluster again. Skipped when one is already running; the embedding slots in between training steps.
   */
  function watchSteps(every: number | null): void {
    unwatch?.();
    unwatch = null;
    if (every === null || every < 1) return;
    unwatch = everySteps(lab.store, every, () => {
      if (!busy()) void clusterIdentities();
    });
  }

  return {
    store,
    warmClusterWorkers,
    runKey,
    clusterIdentities,
    cancelClustering,
    setClusteringSettings,
    compareBatches,
    trainWithSubspaces,
  };
}

export type Clustering = ReturnType<typeof createClustering>;
