/**
 * The dataset library on the page: the datasets stored in IndexedDB, the import in progress (progress, cancel), the
 * last import, the storage quota, and which dataset training uses (`activeId`, null = built-in synthetic faces).
 * Plain data in a store: the DataPanel renders it, `window.__lab.datasets()` reads it, the lab controller reads
 * `activeId`. Every failure becomes a specific message in `error`; nothing already stored is ever dropped by one.
 */
import type { DatasetMeta, LabDatasetRecord } from '../data/datasetMeta';
import { toLabRecord } from '../data/datasetMeta';
import type { ImportEntry } from '../data/importPaths';
import type { DatasetStore, DatasetThumbs, LoadedDataset } from '../data/store';
import { createDatasetStore, openLabDb, storageEstimate } from '../data/store';
import { keptStoreClient } from '../workers/keptWorkers';
import { runImport } from './datasetImport';
import type { DatasetLibraryState, ImportOptions, ImportRequest } from './datasetLibraryState';
import { INITIAL_LIBRARY } from './datasetLibraryState';
import { describeStorageError } from './datasetMessages';
import { createStore } from './store';
import { errorText } from '../common/errorText';

export type { DatasetLibraryState, ImportOptions, ImportRequest, ImportRun, StorageInfo } from './datasetLibraryState';
export { IMPORT_SPLIT_SEED } from './datasetImport';
export { describeStorageError } from './datasetMessages';

export function createDatasetLibrary() {
  const store = createStore<DatasetLibraryState>(INITIAL_LIBRARY);
  const patch = (p: Partial<DatasetLibraryState>) => store.set((s) => ({ ...s, ...p }));
  let started: Promise<void> | null = null;
  let db: DatasetStore | null = null;
  let abort: AbortController | null = null;

  const refresh = async (): Promise<void> => {
    if (!db) return;
    try {
      const datasets = await db.list();
      store.set((s) => ({
        ...s,
        datasets,
        activeId: datasets.some((d) => d.id === s.activeId) ? s.activeId : null,
        viewId: datasets.some((d) => d.id === s.viewId) ? s.viewId : null,
      }));
    } catch (e) {
      patch({ error: describeStorageError('Could not list the stored datasets', e) });
    }
  };

  const updateStorage = async (): Promise<void> => {
    try {
      const estimate = await storageEstimate();
      const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : null;
      if (estimate) patch({ storage: { ...estimate, persisted } });
    } catch {
      // The estimate is informative only.
    }
  };

  /** The store, or null (with `error` set) when IndexedDB is unavailable. */
  const ready = async (): Promise<DatasetStore | null> => {
    await library.start();
    return db;
  };

  const library = {
    store,
    /** Open IndexedDB and list the datasets. Idempotent: the lab calls it at start, the DataPanel on mount. */
    start(): Promise<void> {
      started ??= (async () => {
        patch({ status: 'loading' });
        try {
          db = createDatasetStore(await openLabDb());
        } catch (e) {
          patch({
            status: 'unavailable',
            error: `The browser's storage (IndexedDB) is not available here (${errorText(e)}); a private window or blocked site data can cause this. Imported datasets cannot be saved; the built-in synthetic faces still work.`,
          });
          return;
        }
        await refresh();
        patch({ status: 'ready' });
        void updateStorage();
      })();
      return started;
    },
    refresh,
    /** What `window.__lab.datasets()` returns: stored datasets plus the one importing now, with live counts. */
    records(): LabDatasetRecord[] {
      if (!started) void library.start();
      const { datasets, importing } = store.get();
      const out = datasets.map((d) =>
        d.id === importing?.id ? toLabRecord(importing.meta) : { ...toLabRecord(d), importing: false },
      );
      if (importing && !datasets.some((d) => d.id === importing.id)) out.push(toLabRecord(importing.meta));
      return out;
    },
    /**
     * Import files (picked or dropped; archives are streamed by workers) as a new dataset. Resolves with its meta, or null when
     * nothing was stored (the reason is in `error`). Never rejects.
     */
    importEntries(entries: readonly ImportEntry[], options: ImportOptions): Promise<DatasetMeta | null> {
      const controller = new AbortController();
      if (!store.get().importing) abort = controller;
      return runImport({ store, ready, refresh, updateStorage }, entries, options, controller).finally(() => {
        if (abort === controller) abort = null;
      });
    },
    /** Stop the running import; everything stored so far is kept as a dataset. */
    cancelImport(): void {
      if (!abort) return;
      abort.abort();
      store.set((s) => (s.importing ? { ...s, importing: { ...s.importing, phase: 'cancelling' } } : s));
    },
    async rename(id: string, name: string): Promise<void> {
      const clean = name.trim();
      if (!clean) return patch({ error: 'A dataset needs a name; the old one is kept.' });
      const ds = await ready();
      if (!ds) return;
      try {
        await ds.rename(id, clean);
        patch({ error: null });
      } catch (e) {
        patch({ error: describeStorageError('Could not rename the dataset (it keeps its old name)', e) });
      }
      await refresh();
    },
    /** Delete a dataset and its images (the UI asks first). The import running now cannot be deleted. */
    async remove(id: string): Promise<void> {
      if (store.get().importing?.id === id) return patch({ error: 'Cancel the import before deleting its dataset.' });
      const ds = await ready();
      if (!ds) return;
      try {
        await ds.remove(id);
        store.set((s) => ({
          ...s,
          error: null,
          activeId: s.activeId === id ? null : s.activeId,
          viewId: s.viewId === id ? null : s.viewId,
          lastImportId: s.lastImportId === id ? null : s.lastImportId,
        }));
      } catch (e) {
        patch({ error: describeStorageError('Could not delete the dataset (it is still there)', e) });
      }
      await refresh();
      void updateStorage();
    },
    /** Choose the training data: a stored dataset's id, or null for the built-in synthetic faces. */
    setActive(id: string | null): void {
      const s = store.get();
      if (id !== null && (!s.datasets.some((d) => d.id === id) || s.importing?.id === id)) return;
      patch({ activeId: id });
    },
    /** Show a dataset in the dataset view (null hides it). */
    view(id: string | null): void {
      patch({ viewId: id });
    },
    dismiss(): void {
      patch({ error: null, notice: null });
    },
    /** Sets up the import form (the user still picks the files: originals are not kept after an import). */
    requestImport(request: ImportRequest | null): void {
      patch({ importRequest: request });
    },
    /** A dataset with its pixels, thumbnails and identities, read by the storage worker and transferred here. */
    async load(id: string): Promise<LoadedDataset> {
      if (!(await ready())) throw new Error('browser storage is unavailable');
      return keptStoreClient.use((reader) => reader.load(id));
    },
    /** A dataset's thumbnails and identities (the dataset view), read by a storage worker: the page clones no chunk. */
    async thumbs(id: string): Promise<DatasetThumbs> {
      if (!(await ready())) throw new Error('browser storage is unavailable');
      return keptStoreClient.use((reader) => reader.readThumbs(id));
    },
  };
  return library;
}

export type DatasetLibrary = ReturnType<typeof createDatasetLibrary>;
export const datasetLibrary = createDatasetLibrary();
