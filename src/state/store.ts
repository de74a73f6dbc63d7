/**
 * The app store: one immutable state object, replaced on every change, with subscribers. React reads it through
 * useSyncExternalStore; the test hook reads it directly. Holds plain data only, never tensors.
 */
import type { BackendReport } from '../train/backend';

export type BackendState =
  { status: 'starting' } | { status: 'ready'; report: BackendReport } | { status: 'error'; message: string };

export interface LabState {
  backend: BackendState;
}

export const INITIAL_STATE: LabState = { backend: { status: 'starting' } };

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
