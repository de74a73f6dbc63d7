import { useSyncExternalStore } from 'react';
import type { ClusteringState } from '../../../state/clustering';
import { clustering } from '../../stores';

/** Subscribes a component to a slice of the clustering state (select existing objects, never build new ones). */
export function useClustering<T>(select: (state: ClusteringState) => T): T {
  return useSyncExternalStore(clustering.store.subscribe, () => select(clustering.store.get()));
}
