import { useSyncExternalStore } from 'react';
import type { EditingState } from '../../../../state/datasetEditing';
import { datasetEditor } from '../../../../state/datasetEditor';

/** Subscribes a component to a slice of the dataset editor's state. */
export function useEditing<T>(select: (state: EditingState) => T): T {
  return useSyncExternalStore(datasetEditor.state.subscribe, () => select(datasetEditor.state.get()));
}
