import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LabState } from '../state/store';
import { lab } from './stores';

/** Subscribes a component to a slice of the app state. */
export function useLab<T>(select: (state: LabState) => T): T {
  return useSyncExternalStore(lab.store.subscribe, () => select(lab.store.get()));
}

/**
 * Like useLab, but re-renders at most every `ms`: for views that follow training (steps arrive every few tens of
 * ms on a fast backend) without re-rendering on each one. The latest value always lands within `ms`.
 */
export function useLabThrottled<T>(select: (state: LabState) => T, ms: number): T {
  const [value, setValue] = useState(() => select(lab.store.get()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      setValue(() => select(lab.store.get()));
    };
    const unsubscribe = lab.store.subscribe(() => {
      if (timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
    // `select` is a fresh closure each render; the slice it reads is fixed per call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ms]);
  return value;
}
