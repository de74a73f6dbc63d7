/**
 * `window.__lab`: a typed, read-only view of the app's state for e2e specs and for a curious user in the devtools
 * console. Each getter returns a fresh copy, so nothing read here can change the app.
 */
import type { AdapterInfo, BackendName, PassedOver } from '../train/backend';
import type { LabState, Store } from './store';

export interface LabHook {
  /** The active backend, or null while it is starting (or failed to start). */
  backend(): {
    name: BackendName;
    adapter?: AdapterInfo;
    passedOver: PassedOver[];
    label: string;
    reason: string;
  } | null;
}

declare global {
  interface Window {
    __lab: LabHook;
  }
}

export function createLabHook(store: Store<LabState>): LabHook {
  return Object.freeze({
    backend() {
      const state = store.get().backend;
      if (state.status !== 'ready') return null;
      const { name, adapter, passedOver, label, reason } = state.report;
      return structuredClone({ name, ...(adapter ? { adapter } : {}), passedOver, label, reason });
    },
  });
}

export function installLabHook(store: Store<LabState>): void {
  Object.defineProperty(window, '__lab', { value: createLabHook(store), writable: false, configurable: false });
}
