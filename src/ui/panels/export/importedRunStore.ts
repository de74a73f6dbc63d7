/** The imported PyTorch run (state/importedRun.ts, made in ui/stores.ts) as a React hook for the import form and curves. */
import { useSyncExternalStore } from 'react';
import type { ImportedRunState } from '../../../state/importedRun';
import { importedRun } from '../../stores';

export { importedRun };

export function useImportedRun<T>(select: (state: ImportedRunState) => T): T {
  return useSyncExternalStore(importedRun.store.subscribe, () => select(importedRun.store.get()));
}
