/** The page's imported run (state/importedRun.ts), made once on the lab; the import form and the curves read it. */
import { useSyncExternalStore } from 'react';
import { createImportedRun, type ImportedRunState } from '../../../state/importedRun';
import { lab } from '../../stores';

export const importedRun = createImportedRun(lab);

export function useImportedRun<T>(select: (state: ImportedRunState) => T): T {
  return useSyncExternalStore(importedRun.store.subscribe, () => select(importedRun.store.get()));
}
