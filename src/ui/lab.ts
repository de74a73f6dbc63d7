/**
 * The app's single instance: the store, the training worker and the test hook, created once for the page.
 */
import { forcedBackendFrom } from '../train/backendRank';
import { createStore, INITIAL_STATE, type LabState } from '../state/store';
import { installLabHook } from '../state/labHook';
import { TrainClient } from '../workers/trainClient';

const store = createStore<LabState>(INITIAL_STATE);
let trainer: TrainClient | null = null;

export const lab = {
  store,
  start(): void {
    installLabHook(store);
    trainer = new TrainClient();
    trainer
      .init(forcedBackendFrom(location.search))
      .then((report) => store.set((s) => ({ ...s, backend: { status: 'ready', report } })))
      .catch((error: unknown) =>
        store.set((s) => ({
          ...s,
          backend: { status: 'error', message: error instanceof Error ? error.message : String(error) },
        })),
      );
  },
  trainer: (): TrainClient | null => trainer,
};
