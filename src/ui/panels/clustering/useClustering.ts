import { useSyncExternalStore } from 'react';
import { clusteringStore, type ClusteringState } from '../../../state/clustering';

/** Subscribes a component to a slice of the clustering state (select existing objects, never build new ones). */
export function useClustering<T>(select: (state: ClusteringState) => T): T {
  return useSyncExternalStore(clusteringStore.subscribe, () => select(clusteringStore.get()));
}
