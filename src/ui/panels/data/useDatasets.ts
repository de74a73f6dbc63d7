import { useSyncExternalStore } from 'react';
import type { DatasetLibraryState } from '../../../state/datasets';
import { datasetLibrary } from '../../../state/datasets';

/** Subscribes a component to a slice of the dataset library (return parts of the state, not new objects). */
export function useDatasets<T>(select: (state: DatasetLibraryState) => T): T {
  return useSyncExternalStore(datasetLibrary.store.subscribe, () => select(datasetLibrary.store.get()));
}
