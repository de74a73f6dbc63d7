/** Glue: run an import straight into the dataset store, keeping everything stored before a cancel or a full quota. */
import type { DatasetMeta } from './datasetMeta';
import { newImportMeta } from './datasetMeta';
import type { ImageSpec } from './imageSpec';
import type { ImageProcessor } from './importPipeline';
import { importEntries } from './importPipeline';
import type { ImportEntry } from './importPaths';
import type { ImportProgress } from './importProgress';
import type { ImportReport, SkippedFile } from './importReport';
import type { DatasetStore } from './store';

export interface ImportToStoreOptions {
  id: string;
  name: string;
  spec: ImageSpec;
  splitSeed: number;
  /** The processor aligns faces (recorded in the dataset's meta). */
  aligned?: boolean;
  processor: ImageProcessor;
  /** Files already refused before the import (e.g. an unreadable zip), listed in the report. */
  preSkipped?: SkippedFile[];
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress, report: ImportReport) => void;
}

/** `entries` is taken, as by importEntries: emptied, its files let go as they are decoded. */
export async function importToStore(
  store: DatasetStore,
  entries: ImportEntry[],
  o: ImportToStoreOptions,
): Promise<DatasetMeta> {
  await store.create(newImportMeta(o.id, o.name, o.spec, Date.now(), o.splitSeed, o.aligned));
  const report = await importEntries(entries, {
    spec: o.spec,
    processor: o.processor,
    onChunk: (chunk) => store.appendChunk(o.id, chunk),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  if (o.preSkipped) report.skipped.unshift(...o.preSkipped);
  await store.finish(o.id, report);
  const meta = await store.get(o.id);
  if (!meta) throw new Error(`dataset ${o.id} vanished`);
  return meta;
}
