/** The page's dataset editor: edits go to the lab's IndexedDB and the dataset library re-lists after each. */
import { createDatasetStore, openLabDb, type DatasetStore } from '../data/store';
import { createDatasetEditor } from './datasetEditing';
import { forgetStoredImages } from './datasetImages';
import { datasetLibrary } from './datasets';

let opened: Promise<DatasetStore> | null = null;

export const datasetEditor = createDatasetEditor({
  store: () => (opened ??= openLabDb().then(createDatasetStore)),
  changed: (id) => {
    forgetStoredImages(id);
    return datasetLibrary.refresh();
  },
});
