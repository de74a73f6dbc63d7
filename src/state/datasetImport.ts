/**
 * One import into the dataset library: archives are streamed by workers (phase "reading", with the archive's bytes
 * read as progress), then the files are decoded by the worker pool into the store (phase "decoding"). Resolves with
 * the new dataset's meta, or null when nothing was stored (the reason is in the library's `error` or `notice`).
 * Never rejects; a cancel or a failure keeps what was stored.
 */
import type { DatasetMeta } from '../data/datasetMeta';
import { newImportMeta } from '../data/datasetMeta';
import { imageBytes, thumbSpec } from '../data/imageSpec';
import type { ImportEntry } from '../data/importPaths';
import { countByReason } from '../data/importReport';
import { importToStore } from '../data/importToStore';
import type { DatasetStore } from '../data/store';
import { requestPersistentStorage, storageEstimate } from '../data/store';
import { expandArchives } from '../workers/archiveClient';
import { keptDecodePool, keptFaceAlignPool, keptStoreClient } from '../workers/keptWorkers';
import type { DatasetLibraryState, ImportOptions, ImportRun } from './datasetLibraryState';
import { describeStorageError, mb, stoppedMessage } from './datasetMessages';
import type { Store } from './store';

/**
 * Seed of the identity split of every imported dataset: fixed, so the same folder always gets the same validation
 * identities (a run link then reproduces its evaluation).
 */
export const IMPORT_SPLIT_SEED = 1;

/** What an import needs of the library. */
export interface ImportHost {
  store: Store<DatasetLibraryState>;
  /** The IndexedDB store, or null (with `error` set) when it is unavailable. */
  ready(): Promise<DatasetStore | null>;
  refresh(): Promise<void>;
  updateStorage(): Promise<void>;
}

const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

export async function runImport(
  host: ImportHost,
  entries: readonly ImportEntry[],
  options: ImportOptions,
  controller: AbortController,
): Promise<DatasetMeta | null> {
  const { store } = host;
  const patch = (p: Partial<DatasetLibraryState>) => store.set((s) => ({ ...s, ...p }));
  if (store.get().importing) {
    patch({ error: 'An import is already running: wait for it to finish or cancel it first.' });
    return null;
  }
  const ds = await host.ready();
  if (!ds) return null;
  const id = crypto.randomUUID();
  const live = newImportMeta(id, options.name, options.spec, Date.now(), IMPORT_SPLIT_SEED, options.alignFaces);
  const setRun = (p: Partial<ImportRun>) =>
    store.set((s) => (s.importing?.id === id ? { ...s, importing: { ...s.importing, ...p } } : s));
  patch({
    importing: {
      id,
      name: options.name,
      phase: 'reading',
      progress: null,
      archive: null,
      alignFaces: options.alignFaces ?? false,
      meta: live,
    },
    error: null,
    notice: null,
  });
  try {
    const unpacked = await expandArchives(entries, {
      signal: controller.signal,
      onProgress: (archive) => setRun({ archive }),
    });
    const preSkipped = [...(options.preSkipped ?? []), ...unpacked.skipped];
    if (unpacked.entries.length === 0 && preSkipped.length === 0) {
      patch({
        error: 'Nothing to import: the folder (or archive) is empty. Pick a folder with one sub-folder per identity.',
      });
      return null;
    }
    void requestPersistentStorage()
      .catch(() => null)
      .then(() => host.updateStorage());
    const need = unpacked.entries.length * (imageBytes(options.spec) + imageBytes(thumbSpec(options.spec)));
    const storage = await storageEstimate().catch(() => null);
    if (storage && storage.quota > 0 && need > storage.quota - storage.usage)
      patch({
        notice: `This import needs about ${mb(need)} but the browser offers ${mb(storage.quota - storage.usage)} more: what fits will be kept. A lower resolution or grayscale needs less.`,
      });
    setRun({ phase: controller.signal.aborted ? 'cancelling' : 'decoding', archive: null });
    // The workers are kept for the next import (keptWorkers.ts: ending them blocks the page). The chunks are written
    // by the storage worker: each is tens of megabytes to clone into IndexedDB.
    const pools = options.alignFaces ? keptFaceAlignPool : keptDecodePool;
    const meta = await pools.use((pool) =>
      keptStoreClient.use((writer) =>
        importToStore({ ...ds, appendChunk: writer.appendChunk }, unpacked.entries, {
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
        }),
      ),
    );
    patch({ lastImportId: id, viewId: id, error: meta.report ? stoppedMessage(meta.report) : null });
    return meta;
  } catch (e) {
    if (isAbort(e)) patch({ notice: 'Import cancelled while reading the archive; nothing was stored.' });
    else patch({ error: describeStorageError(`Import of "${options.name}" failed`, e) });
    return null;
  } finally {
    await host.refresh();
    patch({ importing: null });
    void host.updateStorage();
  }
}
