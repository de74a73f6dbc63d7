/**
 * Datasets in IndexedDB (via `idb`), surviving reloads. Two stores: `datasets` (DatasetMeta, key id) and `chunks`
 * (ImageChunk records of up to 256 images, key [datasetId, index]). Each chunk is written in the same transaction
 * as its meta's counts, so after a crash, a cancel or a full quota the meta always describes exactly the chunks that
 * exist. Kept thin: fake-indexeddb is not installed, so this file is exercised by the lead's browser tests.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { openDB } from 'idb';
import type { DatasetMeta } from './datasetMeta';
import type { ImageChunk } from './importPipeline';
import type { DatasetContent } from './datasetEdits';
import { contentChunks } from './contentChunks';
import type { ImportReport } from './importReport';
import { countByReason } from './importReport';

export type ChunkRecord = ImageChunk & { datasetId: string };

interface LabDb extends DBSchema {
  datasets: { key: string; value: DatasetMeta };
  chunks: { key: [string, number]; value: ChunkRecord };
}

export const DB_NAME = 'triplet-lab';
const DB_VERSION = 1;

export function openLabDb(name = DB_NAME): Promise<IDBPDatabase<LabDb>> {
  return openDB<LabDb>(name, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('datasets', { keyPath: 'id' });
      db.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] });
    },
  });
}

/** A dataset with its pixels in memory, images in stored order (identity by identity). */
export interface LoadedDataset {
  meta: DatasetMeta;
  /** [N, H, W, C] uint8. */
  pixels: Uint8Array;
  /** [N, t, t, C] uint8. */
  thumbs: Uint8Array;
  /** [N] identity index. */
  labels: Int32Array;
  /** [identities] images per identity. */
  counts: Int32Array;
  identityNames: string[];
  identityKeys: string[];
  paths: string[];
}

const chunkRange = (id: string): IDBKeyRange => IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]);

export interface DatasetStore {
  list(): Promise<DatasetMeta[]>;
  get(id: string): Promise<DatasetMeta | undefined>;
  create(meta: DatasetMeta): Promise<void>;
  /** Write one chunk and bump the meta's counts atomically. Rejects with QuotaExceededError when storage is full. */
  appendChunk(id: string, chunk: ImageChunk): Promise<void>;
  /** Mark the import finished (or stopped) and store its report. */
  finish(id: string, report: ImportReport): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  load(id: string): Promise<LoadedDataset>;
  /**
   * Replace every image and identity of a dataset (an edit or its undo) in one transaction: a failure (e.g. a full
   * quota) leaves the dataset as it was. Rejects while the dataset is importing.
   */
  replaceContent(id: string, content: DatasetContent): Promise<DatasetMeta>;
}

export function createDatasetStore(db: IDBPDatabase<LabDb>): DatasetStore {
  const update = async (id: string, patch: (m: DatasetMeta) => DatasetMeta): Promise<void> => {
    const tx = db.transaction('datasets', 'readwrite');
    const meta = await tx.store.get(id);
    if (!meta) throw new Error(`no dataset ${id}`);
    await tx.store.put(patch(meta));
    await tx.done;
  };
  return {
    list: async () => (await db.getAll('datasets')).sort((a, b) => a.createdAt - b.createdAt),
    get: (id) => db.get('datasets', id),
    create: async (meta) => void (await db.put('datasets', meta)),
    async appendChunk(id, chunk) {
      const tx = db.transaction(['datasets', 'chunks'], 'readwrite');
      const datasets = tx.objectStore('datasets');
      const meta = await datasets.get(id);
      if (!meta) throw new Error(`no dataset ${id}`);
      await tx.objectStore('chunks').put({ ...chunk, datasetId: id });
      await datasets.put({
        ...meta,
        images: meta.images + chunk.count,
        identities: chunk.firstNewIdentity + chunk.newIdentities.length,
        chunks: chunk.index + 1,
      });
      await tx.done;
    },
    finish: (id, report) =>
      update(id, (m) => ({ ...m, report, skipped: countByReason(report.skipped), importing: false })),
    rename: (id, name) => update(id, (m) => ({ ...m, name })),
    async remove(id) {
      const tx = db.transaction(['datasets', 'chunks'], 'readwrite');
      await tx.objectStore('chunks').delete(chunkRange(id));
      await tx.objectStore('datasets').delete(id);
      await tx.done;
    },
    async replaceContent(id, content) {
      const chunks = contentChunks(content);
      const tx = db.transaction(['datasets', 'chunks'], 'readwrite');
      const datasets = tx.objectStore('datasets');
      const meta = await datasets.get(id);
      if (!meta) throw new Error(`no dataset ${id}`);
      if (meta.importing) throw new Error(`dataset "${meta.name}" is still importing`);
      const chunkStore = tx.objectStore('chunks');
      await chunkStore.delete(chunkRange(id));
      for (const c of chunks) await chunkStore.put({ ...c, datasetId: id });
      const next = { ...meta, images: content.labels.length, identities: content.identityNames.length, chunks: chunks.length };
      await datasets.put(next);
      await tx.done;
      return next;
    },
    async load(id) {
      const meta = await db.get('datasets', id);
      if (!meta) throw new Error(`no dataset ${id}`);
      const chunks = (await db.getAll('chunks', chunkRange(id)))
        .sort((a, b) => a.index - b.index)
        .slice(0, meta.chunks);
      const n = chunks.reduce((s, c) => s + c.count, 0);
      const first = chunks[0];
      const px = first ? first.pixels.length / first.count : 0;
      const tb = first ? first.thumbs.length / first.count : 0;
      const out: LoadedDataset = {
        meta,
        pixels: new Uint8Array(n * px),
        thumbs: new Uint8Array(n * tb),
        labels: new Int32Array(n),
        counts: new Int32Array(meta.identities),
        identityNames: [],
        identityKeys: [],
        paths: [],
      };
      let at = 0;
      for (const c of chunks) {
        out.pixels.set(c.pixels, at * px);
        out.thumbs.set(c.thumbs, at * tb);
        out.labels.set(c.labels, at);
        for (const ni of c.newIdentities) {
          out.identityNames.push(ni.name);
          out.identityKeys.push(ni.key);
        }
        for (const l of c.labels) out.counts[l] = (out.counts[l] ?? 0) + 1;
        out.paths.push(...c.paths);
        at += c.count;
      }
      return out;
    },
  };
}

/** What the dataset view shows of a dataset: its thumbnails and identities, not the full-size pixels. */
export interface DatasetThumbs {
  meta: DatasetMeta;
  /** [N, t, t, C] uint8. */
  thumbs: Uint8Array;
  /** [identities] images per identity. */
  counts: Int32Array;
  identityNames: string[];
}

/**
 * The thumbnails of dataset `id`, read one chunk at a time (a cursor, not getAll), so the full-size pixels are
 * deserialised chunk by chunk and dropped: reading a 1,600-image dataset this way holds one chunk at a time.
 */
export async function readThumbs(db: IDBPDatabase<LabDb>, id: string): Promise<DatasetThumbs> {
  const tx = db.transaction(['datasets', 'chunks'], 'readonly');
  const meta = await tx.objectStore('datasets').get(id);
  if (!meta) throw new Error(`no dataset ${id}`);
  const parts: Uint8Array[] = [];
  const counts = new Int32Array(meta.identities);
  const identityNames: string[] = [];
  // Keys are [id, index]: the cursor visits the chunks in stored order.
  for (
    let cursor = await tx.objectStore('chunks').openCursor(chunkRange(id));
    cursor;
    cursor = await cursor.continue()
  ) {
    const c = cursor.value;
    if (c.index >= meta.chunks) break;
    parts.push(c.thumbs);
    for (const ni of c.newIdentities) identityNames.push(ni.name);
    for (const l of c.labels) counts[l] = (counts[l] ?? 0) + 1;
  }
  await tx.done;
  const thumbs = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    thumbs.set(p, at);
    at += p.length;
  }
  return { meta, thumbs, counts, identityNames };
}

/** Ask the browser not to evict the lab's data under storage pressure. Returns null where the API is missing. */
export async function requestPersistentStorage(): Promise<boolean | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/** Usage and quota in bytes, for "2.1 GB of 40 GB used" and to warn before an import that will not fit. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
}
