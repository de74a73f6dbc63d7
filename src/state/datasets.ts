/**
 * The dataset library on the page: the datasets stored in IndexedDB, the import in progress (progress, cancel), the
 * last import, the storage quota, and which dataset training uses (`activeId`, null = built-in synthetic faces).
 * Plain data in a store: the DataPanel renders it, `window.__lab.datasets()` reads it, the lab controller reads
 * `activeId`. Every failure becomes a specific message in `error`; nothing already stored is ever dropped by one.
 */
import type { DatasetMeta, LabDatasetRecord } from '../data/datasetMeta';
import { newImportMeta, toLabRecord } from '../data/datasetMeta';
import type { DecodePool } from '../workers/decodePool';
import { createBrowserDecodePool } from '../workers/decodePool';
import type { ImageSpec } from '../data/imageSpec';
import { imageBytes, thumbSpec } from '../data/imageSpec';
import type { ImportEntry } from '../data/importPaths';
import { isQuotaError } from '../data/importPipeline';
import type { ImportProgress } from '../data/importProgress';
import type { ImportReport, SkippedFile } from '../data/importReport';
import { countByReason } from '../data/importReport';
import { importToStore } from '../data/importToStore';
import type { DatasetStore, LoadedDataset } from '../data/store';
import { createDatasetStore, openLabDb, requestPersistentStorage, storageEstimate } from '../data/store';
import { expandZips } from '../data/zipEntries';
import { createFaceAlignPool } from '../workers/faceAlignPool';
import { createStore } from './store';
import { errorText } from '../common/errorText';

/**
 * Seed of the identity split of every imported dataset: fixed, so the same folder always gets the same validation
 * identities (a run link then reproduces its evaluation).
 */
export const IMPORT_SPLIT_SEED = 1;

export interface ImportRun {
  id: string;
  name: string;
  /** reading: listing files and unpacking zips; decoding: the worker pool at work; cancelling: waiting for it. */
  phase: 'reading' | 'decoding' | 'cancelling';
  progress: ImportProgress | null;
  /** Faces are detected and aligned (slower: the detector and landmark models load first). */
  alignFaces: boolean;
  /** Live counts (stored images and identities so far, skipped files by reason). */
  meta: DatasetMeta;
}

export interface StorageInfo {
  usage: number;
  quota: number;
  /** Whether the browser promised not to evict the lab's data; null where the API is missing. */
  persisted: boolean | null;
}

export interface DatasetLibraryState {
  /** unavailable: IndexedDB could not be opened (the message is in `error`); synthetic faces still work. */
  status: 'idle' | 'loading' | 'ready' | 'unavailable';
  /** Stored datasets, oldest first. */
  datasets: DatasetMeta[];
  importing: ImportRun | null;
  /** The dataset of the last import finished on this page (its report is `meta.report`). */
  lastImportId: string | null;
  /** The dataset shown in the dataset view. */
  viewId: string | null;
  /** The dataset training uses; null = the built-in synthetic faces. */
  activeId: string | null;
  /** What went wrong last, worded for the user; cleared by the next action. */
  error: string | null;
  /** A warning that does not stop anything (e.g. an import that may not fit). */
  notice: string | null;
  storage: StorageInfo | null;
  /** Another panel asks the import form to start an import set up this way (e.g. face-aligned, for the pretrained backbone). */
  importRequest: ImportRequest | null;
}

export interface ImportRequest {
  alignFaces: boolean;
  name: string;
  /** Why, shown above the form until an import starts. */
  reason: string;
}

export interface ImportOptions {
  name: string;
  spec: ImageSpec;
  /** Files refused before the import (e.g. unreadable while walking a dropped folder), listed in the report. */
  preSkipped?: SkippedFile[];
  /** Detect the face in each photo and store it aligned (eyes level, fixed eye distance) instead of a centre crop. */
  alignFaces?: boolean;
}

const INITIAL: DatasetLibraryState = {
  status: 'idle',
  datasets: [],
  importing: null,
  lastImportId: null,
  viewId: null,
  activeId: null,
  error: null,
  notice: null,
  storage: null,
  importRequest: null,
};

const messageOf = (e: unknown): string => errorText(e);
const nameOf = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** A failed storage action as the user should read it: what failed, why, what to do, and that nothing was lost. */
export function describeStorageError(action: string, e: unknown): string {
  if (isQuotaError(e))
    return `${action}: the browser's storage is full. Delete a dataset you no longer need or free disk space, then try again. Datasets already imported are kept.`;
  if (nameOf(e) === 'NotReadableError' || nameOf(e) === 'NotFoundError')
    return `${action}: the browser could not read the files (moved, deleted, or no permission). Pick the folder again.`;
  if (e instanceof RangeError)
    return `${action}: out of memory (${e.message}). Unpack a large .zip and pick the folder instead.`;
  return `${action}: ${messageOf(e)}. Datasets already imported are kept.`;
}

/** Why an import ended early, for the banner (the report's summary line says it too). */
function stoppedMessage(report: ImportReport): string | null {
  const s = report.stopped;
  if (!s || s.by === 'cancel') return null;
  const kept = `${report.images} images of ${report.identities} identities were stored and are kept`;
  return s.by === 'quotaExceeded'
    ? `The browser's storage filled up during the import: ${kept}; ${s.notAttempted} files were not attempted. Delete a dataset or free disk space, then import the rest.`
    : `Storage failed during the import (${s.message}): ${kept}.`;
}

export function createDatasetLibrary() {
  const store = createStore<DatasetLibraryState>(INITIAL);
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
            error: `The browser's storage (IndexedDB) is not available here (${messageOf(e)}); a private window or blocked site data can cause this. Imported datasets cannot be saved; the built-in synthetic faces still work.`,
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
     * Import files (picked or dropped; zips are unpacked) as a new dataset. Resolves with its meta, or null when
     * nothing was stored (the reason is in `error`). Never rejects.
     */
    async importEntries(entries: readonly ImportEntry[], options: ImportOptions): Promise<DatasetMeta | null> {
      if (store.get().importing) {
        patch({ error: 'An import is already running: wait for it to finish or cancel it first.' });
        return null;
      }
      const ds = await ready();
      if (!ds) return null;
      const id = crypto.randomUUID();
      const controller = new AbortController();
      abort = controller;
      const live = newImportMeta(id, options.name, options.spec, Date.now(), IMPORT_SPLIT_SEED, options.alignFaces);
      const setRun = (p: Partial<ImportRun>) =>
        store.set((s) => (s.importing?.id === id ? { ...s, importing: { ...s.importing, ...p } } : s));
      patch({
        importing: {
          id,
          name: options.name,
          phase: 'reading',
          progress: null,
          alignFaces: options.alignFaces ?? false,
          meta: live,
        },
        error: null,
        notice: null,
      });
      let pool: DecodePool | null = null;
      try {
        const unpacked = await expandZips(entries);
        const preSkipped = [...(options.preSkipped ?? []), ...unpacked.skipped];
        if (controller.signal.aborted) {
          patch({ notice: 'Import cancelled before any image was read; nothing was stored.' });
          return null;
        }
        if (unpacked.entries.length === 0 && preSkipped.length === 0) {
          patch({
            error:
              'Nothing to import: the folder (or archive) is empty. Pick a folder with one sub-folder per identity.',
          });
          return null;
        }
        void requestPersistentStorage()
          .catch(() => null)
          .then(() => updateStorage());
        const need = unpacked.entries.length * (imageBytes(options.spec) + imageBytes(thumbSpec(options.spec)));
        const storage = await storageEstimate().catch(() => null);
        if (storage && storage.quota > 0 && need > storage.quota - storage.usage)
          patch({
            notice: `This import needs about ${mb(need)} but the browser offers ${mb(storage.quota - storage.usage)} more: what fits will be kept. A lower resolution or grayscale needs less.`,
          });
        setRun({ phase: controller.signal.aborted ? 'cancelling' : 'decoding' });
        pool = options.alignFaces ? createFaceAlignPool() : createBrowserDecodePool();
        const meta = await importToStore(ds, unpacked.entries, {
          id,
          name: options.name,
          spec: options.spec,
          splitSeed: IMPORT_SPLIT_SEED,
          aligned: options.alignFaces ?? false,
          processor: pool,
          preSkipped,
          signal: controller.signal,
          onProgress: (progress, report) =>
            setRun({
              progress,
              meta: {
                ...live,
                identities: report.identities,
                images: report.images,
                skipped: countByReason([...preSkipped, ...report.skipped]),
              },
            }),
        });
        patch({ lastImportId: id, viewId: id, error: meta.report ? stoppedMessage(meta.report) : null });
        return meta;
      } catch (e) {
        patch({ error: describeStorageError(`Import of "${options.name}" failed`, e) });
        return null;
      } finally {
        pool?.terminate();
        abort = null;
        await refresh();
        patch({ importing: null });
        void updateStorage();
      }
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
    /** A dataset with its pixels, thumbnails and identities (for the dataset view and for training). */
    async load(id: string): Promise<LoadedDataset> {
      const ds = await ready();
      if (!ds) throw new Error('browser storage is unavailable');
      return ds.load(id);
    },
  };
  return library;
}

export type DatasetLibrary = ReturnType<typeof createDatasetLibrary>;
export const datasetLibrary = createDatasetLibrary();
