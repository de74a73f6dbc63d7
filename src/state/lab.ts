/**
 * The lab's controller: the store, the run history and the training worker, with the actions the UI calls.
 * One instance per page (`lab`).
 */
import { errorText } from '../common/errorText';
import { forcedBackendFrom, type BackendName } from '../train/backendRank';
import { marginAt, withSettingDefaults } from '../train/settings';
import { fitTrainerToData } from '../train/dataDefaults';
import { TrainClient } from '../workers/trainClient';
import { DEFAULT_CONFIG, type LabConfig } from './config';
import type { DatasetChoice } from '../train/datasetSource';
import { createHistory, type HistoryRow, type Marker } from './history';
import { loadHistory, saveHistory } from '../train/checkpointStore';
import { configFromLocation, encodeConfig, writeConfigToHash } from './urlCodec';
import { datasetLibrary } from './datasets';
import { resolveLinkDataset } from './linkDataset';
import { createStore, INITIAL_STATE, type LabState, type TrainingState } from './store';

const CONFIG_KEY = 'triplet-lab:config';

/** The last configuration survives a reload even before the first checkpoint. */
function rememberConfig(config: LabConfig): void {
  try {
    localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
  } catch {
    // Storage full or disabled: the URL and defaults still work.
  }
}

function savedConfig(): LabConfig | null {
  try {
    const text = localStorage.getItem(CONFIG_KEY);
    if (!text) return null;
    const config = JSON.parse(text) as LabConfig;
    return { ...config, trainer: withSettingDefaults(config.trainer) };
  } catch {
    return null;
  }
}


export function createLab() {
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

  async function configure(config: LabConfig): Promise<void> {
    if (!client) return;
    store.set((s) => ({ ...s, config }));
    rememberConfig(config);
    const run = await client.configure(config.trainer, config.dataset);
    history.clear();
    beforeReset = null; // the worker dropped it too
    store.set((s) => ({ ...s, run, training: { ...INITIAL_STATE.training }, undoResetStep: null }));
  }

  /** "Use for training" in the Data panel: the run restarts on the chosen dataset (the panel confirms first). */
  function followActiveDataset(): void {
    const current = store.get().config.dataset;
    let active = current.kind === 'stored' ? current.id : null;
    let lastSynthetic = current.kind === 'synthetic' ? current : DEFAULT_CONFIG.dataset;
    datasetLibrary.store.subscribe(() => {
      const { activeId, datasets } = datasetLibrary.store.get();
      const { config } = store.get();
      if (config.dataset.kind === 'synthetic') lastSynthetic = config.dataset;
      if (activeId === active) return;
      active = activeId;
      if (activeId === null) {
        // The synthetic panel's Apply reconfigures by itself; only a switch back from an import lands here.
        if (config.dataset.kind !== 'synthetic') void lab.reconfigure({ ...config, dataset: lastSynthetic });
        return;
      }
      const meta = datasets.find((d) => d.id === activeId);
      if (!meta) return;
      const dataset: DatasetChoice = { kind: 'stored', id: meta.id, name: meta.name, resolution: meta.spec.width, channels: meta.spec.channels };
      // Settings that fit the set (P, K, augmentation), said in words once the run is configured.
      const fitted = fitTrainerToData(config.trainer, {
        name: meta.name,
        identities: meta.identities,
        images: meta.images,
        resolution: meta.spec.width,
        channels: meta.spec.channels,
        singleImageIdentities: meta.report?.singleImageIdentities.length ?? 0,
      });
      void configure({ ...config, dataset, trainer: fitted.trainer })
        .then(() => setTraining({ message: fitted.summary }))
        .catch(fail);
    });
  }

  /** Starts a training worker on `forced` (or the best backend) and resumes the saved run, or configures a new one. */
  async function boot(forced: BackendName | undefined, notice?: string): Promise<void> {
    // A shared link is applied once, at page load (a WebGL fallback resumes the checkpoint instead).
    const link = linkConfig;
    linkConfig = null;
    client = new TrainClient();
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
      const report = await client.init(forced);
      store.set((s) => ({ ...s, backend: { status: 'ready', report } }));
    } catch (error) {
      store.set((s) => ({ ...s, backend: { status: 'error', message: errorText(error) } }));
      return;
    }
    try {
      const resumed = await client.resume();
      // The URL wins over the saved run when it names another configuration.
      if (resumed.config && (!link || encodeConfig(resumed.config) === encodeConfig(link))) {
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
    await boot('webgl', `The WebGPU device was lost (${reason}); switched to WebGL. `);
  }

  const lab = {
    store,
    history,
    async start(): Promise<void> {
      void datasetLibrary.start();
      const link = configFromLocation(location.hash);
      const linked = await resolveLinkDataset(link.storedSet);
      linkConfig = link.config && linked.dataset ? { ...link.config, dataset: linked.dataset } : link.config;
      if (linked.warning) link.warnings.push(linked.warning);
      let shown = store.get().config;
      store.subscribe(() => {
        const { config } = store.get();
        if (config === shown) return;
        shown = config;
        writeConfigToHash(config);
      });
      // An address edited by hand (or a link pasted into this tab) names other settings: applying them restarts the
      // run from the seed, so a run with steps asks first; declined, the address shows the run's settings again.
      window.addEventListener('hashchange', async () => {
        const decoded = configFromLocation(location.hash);
        const linked = await resolveLinkDataset(decoded.storedSet);
        if (linked.warning) setTraining({ message: linked.warning });
        const config = decoded.config && linked.dataset ? { ...decoded.config, dataset: linked.dataset } : decoded.config;
        const current = store.get().config;
        if (!config || encodeConfig(config) === encodeConfig(current)) return;
        const { step } = store.get().training;
        const question = `The address names other settings (#${encodeConfig(config)}). Apply them? The run restarts from the seed and its ${step} steps are lost.`;
        if (step > 0 && !window.confirm(question)) {
          writeConfigToHash(current);
          return;
        }
        void lab.reconfigure(config);
      });
      await boot(forcedBackendFrom(location.search));
      // A resumed run on an imported dataset shows that dataset as the active one.
      const resumedData = store.get().config.dataset;
      if (resumedData.kind === 'stored') datasetLibrary.setActive(resumedData.id);
      followActiveDataset();
      if (link.warnings.length > 0)
        setTraining({ message: `Some settings of the link were not used: ${link.warnings.join(' ')}` });
    },
    /** Applies a new configuration; the run restarts from the seed (the caller confirms when steps would be lost). */
    reconfigure: (config: LabConfig) => configure(config).catch(fail),
    /** Loss, sampler, P, K, optimizer settings: applied to the running network (while paused), marked on the charts. */
    async update(config: LabConfig, label: string): Promise<void> {
      // A schedule set here replaces a margin dragged live on the slider.
      if (config.trainer.margin !== store.get().config.trainer.margin) void client?.setMargin(null);
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
export const lab = createLab();
