import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LabState } from '../state/store';
import { pace } from './pacer';
import { lab } from './stores';

/** Subscribes a component to a slice of the app state. */
export function useLab<T>(select: (state: LabState) => T): T {
  return useSyncExternalStore(lab.store.subscribe, () => select(lab.store.get()));
}

/**
 * Like useLab, but re-renders at most every `ms` (on the pacer's shared clock, so the views that follow training
 * re-render together, in one frame): steps arrive every few tens of ms on a fast backend. The latest value always
 * lands within about `ms`.
 */
export function useLabThrottled<T>(select: (state: LabState) => T, ms: number): T {
  const [value, setValue] = useState(() => select(lab.store.get()));
  useEffect(() => {
    const view = pace(ms, () => setValue(() => select(lab.store.get())));
    const unsubscribe = lab.store.subscribe(view.changed);
    return () => {
      unsubscribe();
      view.stop();
    };
    // `select` is a fresh closure each render; the slice it reads is fixed per call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ms]);
  return value;
}
