/**
 * The lab's controller: the store, the run history and the training worker, with the actions the UI calls.
 * One instance per page (`lab`).
 */
import { forcedBackendFrom } from '../train/backendRank';
import { marginAt } from '../train/settings';
import { TrainClient } from '../workers/trainClient';
import type { LabConfig } from './config';
import { createHistory } from './history';
import { installLabHook } from './labHook';
import { createStore, INITIAL_STATE, type LabState } from './store';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createLab() {
  const store = createStore<LabState>(INITIAL_STATE);
  const history = createHistory();
  let client: TrainClient | null = null;

  const setTraining = (patch: Partial<LabState['training']>) =>
    store.set((s) => ({ ...s, training: { ...s.training, ...patch } }));

  const fail = (error: unknown) => setTraining({ status: 'error', message: errorText(error) });

  async function configure(config: LabConfig): Promise<void> {
    if (!client) return;
    store.set((s) => ({ ...s, config }));
    const run = await client.configure(config.trainer, config.dataset);
    history.clear();
    store.set((s) => ({ ...s, run, training: { ...INITIAL_STATE.training } }));
  }

  const lab = {
    store,
    history,
    async start(): Promise<void> {
      installLabHook(store);
      client = new TrainClient();
      client.onEvent((event) => {
        if (event.type === 'step') {
          const { config } = store.get();
          history.push(event.report, config.trainer.learningRate);
          setTraining({ step: event.report.step, last: event.report, health: event.health });
        } else if (event.type === 'status') {
          setTraining({ status: event.status, step: event.step, message: event.message ?? null });
        } else {
          store.set((s) => ({ ...s, progress: { task: event.task, done: event.done, total: event.total } }));
        }
      });
      try {
        const report = await client.init(forcedBackendFrom(location.search));
        store.set((s) => ({ ...s, backend: { status: 'ready', report } }));
      } catch (error) {
        store.set((s) => ({ ...s, backend: { status: 'error', message: errorText(error) } }));
        return;
      }
      await configure(store.get().config).catch(fail);
    },
    /** Applies a new configuration; the run restarts from the seed (the caller confirms when steps would be lost). */
    reconfigure: (config: LabConfig) => configure(config).catch(fail),
    /** Loss, sampler, P, K, optimizer settings: applied to the running network (while paused), marked on the charts. */
    async update(config: LabConfig, label: string): Promise<void> {
      store.set((s) => ({ ...s, config }));
      history.mark(label);
      await client?.update(config.trainer).catch(fail);
    },
    play: () => client?.play().catch(fail),
    pause: () => client?.pause().catch(fail),
    step: () => client?.step().catch(fail),
    reset: async () => {
      await client?.reset().catch(fail);
      history.clear();
      setTraining({ ...INITIAL_STATE.training });
    },
    /** The margin may change while running: the next step's census uses it at once. */
    setMargin(margin: number) {
      const { config } = store.get();
      const trainer = { ...config.trainer, margin: { kind: 'constant' as const, margin } };
      store.set((s) => ({ ...s, config: { ...config, trainer } }));
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
