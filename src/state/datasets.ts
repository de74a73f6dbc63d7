/**
 * The dataset library on the page: datasets in IndexedDB, imports in progress. (Filled by the data UI work.)
 */
import type { LabDatasetRecord } from '../data/datasetMeta';

export const datasetLibrary = {
  /** What `window.__lab.datasets()` returns. */
  records(): LabDatasetRecord[] {
    return [];
  },
};
