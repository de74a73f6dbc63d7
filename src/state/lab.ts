/**
 * The lab's controller: the store, the run history and the training worker, with the actions the UI calls. One
 * instance per page, made by ui/stores.ts on the dataset library it is handed.
 */
import { errorText } from '../common/errorText';
import { forcedBackendFrom, type BackendName } from '../train/backendRank';
import { marginAt } from '../train/settings';
import { forcedThreadsFrom } from '../train/wasmThreads';
import { TrainClient } from '../workers/trainClient';
import type { LabConfig } from './config';
import { threadsFor } from './workerThreads';
import type { DatasetLibrary } from './datasets';
import { followActiveDataset } from './followDataset';
import { followAddress } from './followAddress';
import { createHistory, type HistoryRow, type Marker } from './history';
import { loadHistory, saveHistory } from '../train/checkpointStore';
import { configFromLocation, encodeConfig } from './urlCodec';
import { resolveLinkDataset } from './linkDataset';
import { rememberConfig, savedConfig } from './savedConfig';
import { createStore, INITIAL_STATE, type LabState, type TrainingState } from './store';

/** What the lab reads of the dataset library: the imported sets, the active one, and its start. */
export type LabDatasets = Pick<DatasetLibrary, 'start' | 'store' | 'setActive'>;

/** @param datasets the page's dataset library (the lab follows its active set and looks up a link's set in it) */
export function createLab(datasets: LabDatasets) {
  const store = createStore<LabState>(INITIAL_STATE);
  const history = createHistory();
  let client: TrainClient | null = null;

  const setTraining = (patch: Partial<LabState['training']>) =>
    store.set((s) => ({ ...s, training: { ...s.training, ...patch } }));

  /** The configuration of the link the page was opened with, until boot() applies it. */
  let linkConfig: LabConfig | null = null;

  const fail = (error: unknown) => setTraining({ status: 'error', message: errorText(error) });

  /** What the last reset replaced, for one undo: the history and training state go back with the worker's run. */
  let beforeReset: { rows: HistoryRow[]; markers: Marker[]; training: TrainingState; savedStep: number | null } | null = null;

  /** What the current worker was started with: its forced backend, if any, and the wasm threads asked of it. */
  let started: { forced: BackendName | undefined; threads: number } = { forced: undefined, threads: 1 };
  /** `?threads=N` in the address: that many wasm threads whatever the network. */
  let forcedThreads: number | undefined;

  const threadsOf = (config: LabConfig): number => threadsFor(config, forcedThreads);

  /** Whether `config` should train in a worker with other threads: wasm fixes its thread count when it starts. */
  function wantsOtherThreads(config: LabConfig): boolean {
    const { backend } = store.get();
    return backend.status === 'ready' && backend.report.name === 'wasm' && threadsOf(config) !== started.threads;
  }

  async function configure(config: LabConfig): Promise<void> {
    if (!client) return;
    if (wantsOtherThreads(config)) return restartFor(config);
    store.set((s) => ({ ...s, config }));
    rememberConfig(config);
    const run = await client.configure(config.trainer, config.dataset);
    history.clear();
    beforeReset = null; // the worker dropped it too
    store.set((s) => ({ ...s, run, training: { ...INITIAL_STATE.training }, undoResetStep: null }));
  }

  /**
   * Replaces the worker by one with the threads `config`'s network wants, configured for it. The old run is dropped
   * as any reconfigure drops it; its subspaces go along when the dataset stays.
   */
  async function restartFor(config: LabConfig): Promise<void> {
    const old = client!;
    const sameData = JSON.stringify(store.get().config.dataset) === JSON.stringify(config.dataset);
    if (store.get().training.status === 'running') await old.pause().catch(() => undefined);
    old.dispose();
    client = null;
    store.set((s) => ({ ...s, config, backend: { status: 'starting' } }));
    await boot(started.forced, threadsOf(config), { fresh: { config, subspaces: sameData ? old.subspaces : null } });
    const { backend } = store.get();
    if (backend.status === 'ready' && backend.report.threads !== undefined) {
      const n = backend.report.threads;
      setTraining({
        message:
          `The training worker restarted with ${n} wasm thread${n === 1 ? '' : 's'}: ` +
          (n > 1 ? "this network's kernels are large enough for threads to pay." : "this network's kernels are too small for threads to pay."),
      });
    }
  }

  /**
   * Starts a training worker on `forced` (or the best backend) and resumes the saved run, or configures a new one.
   * @param threads the wasm threads to start with (threadsOf the configuration it will most likely train)
   * @param options.linkResolved settles once the page's link is read (its stored dataset looked up): the worker
   *   starts before, since loading TensorFlow.js and compiling its wasm is the longest wait before Play and needs
   *   nothing of the link
   * @param options.fresh configure this instead of resuming, after handing the worker these subspaces
   */
  async function boot(
    forced: BackendName | undefined,
    threads: number,
    options: {
      notice?: string;
      linkResolved?: Promise<void>;
      fresh?: { config: LabConfig; subspaces: Int32Array | null };
    } = {},
  ): Promise<void> {
    const { notice, linkResolved = Promise.resolve(), fresh } = options;
    client = new TrainClient();
    started = { forced, threads };
    client.onEvent((event) => {
      if (event.type === 'step') {
        history.push(event.report);
        // Offline mining (seed 001): mark the steps where the triplets were re-mined with the current network.
        if (event.report.refreshed) history.mark('offline triplets re-mined');
        setTraining({
          step: event.report.step,
          last: event.report,
          health: event.health,
          ...(event.report.explanation ? { explained: event.report } : {}),
        });
      } else if (event.type === 'status') {
        setTraining({ status: event.status, step: event.step, message: event.message ?? null });
      } else if (event.type === 'checkpoint') {
        // The worker saved weights at this step; keep the history that goes with them. The step counts as saved
        // only once both are in IndexedDB, so a reload right after never finds weights without their history.
        saveHistory({
          step: event.step,
          rows: history.rows.filter((r) => r.step <= event.step),
          markers: history.markers,
        })
          .then(() => store.set((s) => ({ ...s, savedStep: event.step })))
          .catch((error: unknown) => setTraining({ message: `The run's history was not saved: ${errorText(error)}` }));
      } else if (event.type === 'progress') {
        store.set((s) => ({ ...s, progress: { task: event.task, done: event.done, total: event.total } }));
      } else if (event.type === 'deviceLost') {
        void fallBackToWebGl(event.message);
      }
    });
    try {
      const report = await client.init(forced, threads);
      store.set((s) => ({ ...s, backend: { status: 'ready', report } }));
    } catch (error) {
      store.set((s) => ({ ...s, backend: { status: 'error', message: errorText(error) } }));
      return;
    }
    if (fresh) {
      if (fresh.subspaces) await client.setSubspaces(fresh.subspaces);
      return configure(fresh.config);
    }
    await linkResolved;
    // A shared link is applied once, at page load (a WebGL fallback resumes the checkpoint instead).
    const link = linkConfig;
    linkConfig = null;
    try {
      const resumed = await client.resume();
      // The URL wins over the saved run when it names another configuration.
      if (resumed.config && (!link || encodeConfig(resumed.config) === encodeConfig(link))) {
        if (wantsOtherThreads(resumed.config)) {
          // Rare: the saved run is not the configuration remembered in this browser.
          client.dispose();
          return boot(forced, threadsOf(resumed.config), { notice });
        }
        const saved = await loadHistory();
        history.restore((saved?.rows ?? []) as HistoryRow[], (saved?.markers ?? []) as Marker[], resumed.step);
        const config = resumed.config;
        store.set((s) => ({
          ...s,
          config,
          run: resumed.run,
          savedStep: resumed.step,
          training: {
            ...s.training,
            status: 'paused',
            step: resumed.step,
            message: `${notice ?? ''}Resumed at step ${resumed.step}, the last checkpoint.`,
          },
        }));
        return;
      }
    } catch (error) {
      console.warn('Could not resume the saved run; starting fresh.', error);
    }
    await configure(link ?? savedConfig() ?? store.get().config).catch(fail);
    if (notice) setTraining({ message: `${notice}No checkpoint was saved yet: training restarts from the seed.` });
  }

  /** The WebGPU device was lost: a new worker on WebGL continues from the last checkpoint. */
  async function fallBackToWebGl(reason: string): Promise<void> {
    client?.dispose();
    client = null;
    store.set((s) => ({ ...s, backend: { status: 'starting' } }));
    await boot('webgl', started.threads, { notice: `The WebGPU device was lost (${reason}); switched to WebGL. ` });
  }

  const lab = {
    store,
    history,
    async start(): Promise<void> {
      void datasets.start();
      const link = configFromLocation(location.hash);
      const linkResolved = resolveLinkDataset(link.storedSet, datasets).then((linked) => {
        linkConfig = link.config && linked.dataset ? { ...link.config, dataset: linked.dataset } : link.config;
        if (linked.warning) link.warnings.push(linked.warning);
      });
      followAddress(store, datasets, { reconfigure: lab.reconfigure, say: (message) => setTraining({ message }) });
      forcedThreads = forcedThreadsFrom(location.search);
      await boot(forcedBackendFrom(location.search), threadsOf(link.config ?? savedConfig() ?? store.get().config), {
        linkResolved,
      });
      // A resumed run on an imported dataset shows that dataset as the active one.
      const resumedData = store.get().config.dataset;
      if (resumedData.kind === 'stored') datasets.setActive(resumedData.id);
      followActiveDataset(datasets, store, { configure, say: (message) => setTraining({ message }), fail });
      if (link.warnings.length > 0)
        setTraining({ message: `Some settings of the link were not used: ${link.warnings.join(' ')}` });
    },
    /** Applies a new configuration; the run restarts from the seed (the caller confirms when steps would be lost). */
    reconfigure: (config: LabConfig) => configure(config).catch(fail),
    /** Loss, sampler, P, K, optimizer settings: applied to the running network (while paused), marked on the charts. */
    async update(config: LabConfig, label: string): Promise<void> {
      // A schedule set here replaces a margin dragged live on the slider.
      if (config.trainer.margin !== store.get().config.trainer.margin) void client?.setMargin(null).catch(fail);
      store.set((s) => ({ ...s, config }));
      rememberConfig(config);
      history.mark(label);
      await client?.update(config.trainer).catch(fail);
    },
    play: () => client?.play().catch(fail),
    pause: () => client?.pause().catch(fail),
    step: () => client?.step().catch(fail),
    /**
     * "Explain this step": pauses a running run (its step in flight finishes), then runs one step that also measures
     * what it did; the report lands in `training.explained`.
     */
    async explainStep(): Promise<void> {
      if (!client) return;
      try {
        if (store.get().training.status === 'running') await client.pause();
        await client.step(true);
      } catch (error) {
        fail(error);
      }
    },
    /** Re-initialises the network from the seed; a run with steps is kept for one `undoReset`. */
    reset: async () => {
      if (!client) return;
      const { training, savedStep } = store.get();
      const kept = training.step > 0 ? { rows: history.rows, markers: history.markers, training, savedStep } : null;
      try {
        const run = await client.reset();
        beforeReset = kept;
        history.clear();
        store.set((s) => ({ ...s, run, savedStep: null, training: { ...INITIAL_STATE.training }, undoResetStep: kept?.training.step ?? null }));
      } catch (error) {
        fail(error);
      }
    },
    /** Brings back the run the last reset replaced, with its history; the steps since the reset are dropped. */
    async undoReset(): Promise<void> {
      if (!client || !beforeReset) return;
      const kept = beforeReset;
      const since = { rows: history.rows, markers: history.markers, step: store.get().training.step };
      // Restored first: the worker checkpoints the run as it comes back, and the page saves this history with it.
      history.restore(kept.rows, kept.markers, kept.training.step);
      try {
        const { run } = await client.undoReset();
        beforeReset = null;
        store.set((s) => ({
          ...s,
          run,
          training: { ...kept.training, status: 'paused', message: null },
          undoResetStep: null,
        }));
      } catch (error) {
        history.restore(since.rows, since.markers, since.step);
        fail(error);
      }
    },
    /** The margin may change while running: the next step's census uses it at once. */
    setMargin(margin: number) {
      const { config } = store.get();
      const trainer = { ...config.trainer, margin: { kind: 'constant' as const, margin } };
      store.set((s) => ({ ...s, config: { ...config, trainer } }));
      rememberConfig({ ...config, trainer });
      history.mark(`m = ${margin}`);
      void client?.setMargin(margin).catch(fail);
    },
    marginNow(): number {
      const { config, training } = store.get();
      return marginAt(config.trainer.margin, training.step);
    },
    /** The training worker, for panels that ask it for more than steps (identity embeddings, sampler comparison). */
    worker: (): TrainClient | null => client,
    freeze(on: boolean) {
      setTraining({ frozen: on ? store.get().training.last : null });
    },
  };
  return lab;
}

export type Lab = ReturnType<typeof createLab>;
