/**
 * The app store: one immutable state object, replaced on every change, with subscribers. React reads it through
 * useSyncExternalStore; the test hook reads it directly. Holds plain data only, never tensors.
 */
import type { BackendReport } from '../train/backend';
import type { StepHealth } from '../train/session';
import type { StepReport } from '../train/trainer';
import type { RunInfo, TrainStatus } from '../train/runProtocol';
import { DEFAULT_CONFIG, type LabConfig } from './config';

export type BackendState =
  | { status: 'starting' }
  | { status: 'ready'; report: BackendReport }
  | { status: 'error'; message: string };

export interface TrainingState {
  status: TrainStatus;
  step: number;
  /** Why training stopped (NaN rollback, collapse, error), shown as a banner. */
  message: string | null;
  last: StepReport | null;
  health: StepHealth | null;
  /** A batch pinned by "freeze this batch" for explaining in class. */
  frozen: StepReport | null;
  /** The last step run with "Explain this step" (its report carries the explanation). */
  explained: StepReport | null;
}

export interface LabState {
  backend: BackendState;
  config: LabConfig;
  run: RunInfo | null;
  training: TrainingState;
  /** Long work in the training worker other than steps (embedding identities), for progress bars. */
  progress: { task: string; done: number; total: number } | null;
  /** The step of the last checkpoint in IndexedDB (a reload resumes there). */
  savedStep: number | null;
  /** The step the last reset's run had, while "Undo reset" can bring it back; null otherwise. */
  undoResetStep: number | null;
}

export const INITIAL_STATE: LabState = {
  backend: { status: 'starting' },
  config: DEFAULT_CONFIG,
  run: null,
  training: { status: 'idle', step: 0, message: null, last: null, health: null, frozen: null, explained: null },
  progress: null,
  savedStep: null,
  undoResetStep: null,
};

export interface Store<S> {
  get(): S;
  set(update: (state: S) => S): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update) {
      state = update(state);
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
