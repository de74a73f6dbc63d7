import { useSyncExternalStore } from 'react';
import type { LabState } from '../state/store';
import { lab } from '../state/lab';

/** Subscribes a component to a slice of the app state. */
export function useLab<T>(select: (state: LabState) => T): T {
  return useSyncExternalStore(lab.store.subscribe, () => select(lab.store.get()));
}
