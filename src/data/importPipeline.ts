/**
 * The import: a list of {path, file} entries → stored-form chunks plus a report, file by file. Decoding runs in an
 * injected ImageProcessor (the worker pool in the browser, processBlob directly in Node); results are consumed in
 * path order so duplicates, identity indices and chunk contents are deterministic. Bad input never aborts the
 * import, and each chunk is handed to `onChunk` (the store) as soon as it is full, so a cancel, a full quota or a
 * closed tab keeps everything before it.
 */
import type { ImageSpec } from './imageSpec';
import { imageBytes, thumbSpec } from './imageSpec';
import type { ImportEntry } from './importPaths';
import type { PathClass } from './importPaths';
import { classifyPath, sortEntries, splitPath } from './importPaths';
import type { ImportProgress } from './importProgress';
import { createProgressMeter } from './importProgress';
import type { ImportReport, SkippedFile } from './importReport';
import type { ProcessOutcome } from './processImage';
import { errorText } from '../common/errorText';

/** Images per stored chunk: big enough that IndexedDB writes are few, small enough to commit often. */
export const CHUNK_IMAGES = 256;

export interface ImageProcessor {
  /** Files it wants in flight at once (a batching pool), when it knows better than ImportOptions.window's default. */
  readonly window?: number;
  process(file: Blob, name: string, spec: ImageSpec, signal?: AbortSignal): Promise<ProcessOutcome>;
}

/** A run of consecutive images as stored: one IndexedDB record. */
export interface ImageChunk {
  index: number;
  /** Identities whose first image is in this chunk; their global indices are firstNewIdentity, +1, … */
  newIdentities: { key: string; name: string }[];
  firstNewIdentity: number;
  count: number;
  /** [count] global identity index of each image. */
  labels: Int32Array;
  /** [count, H, W, C] uint8. */
  pixels: Uint8Array;
  /** [count, t, t, C] uint8 thumbnails. */
  thumbs: Uint8Array;
  /** [count] path of each image, for the dataset view. */
  paths: string[];
}

export interface ImportOptions {
  spec: ImageSpec;
  processor: ImageProcessor;
  /**
   * Persist a full chunk; a rejection with a QuotaExceededError stops the import and keeps the chunks before. It may
   * transfer (detach) the chunk's pixels and thumbnails, which are not read after it is called.
   */
  onChunk: (chunk: ImageChunk) => Promise<void>;
  onProgress?: (progress: ImportProgress, report: ImportReport) => void;
  signal?: AbortSignal;
  /** Files in flight at once; a few per worker keeps the pool busy while bounding memory. */
  window?: number;
  now?: () => number;
}

export function isQuotaError(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    'name' in e &&
    ((e as { name: unknown }).name === 'QuotaExceededError' ||
      (e as { name: unknown }).name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}

/** A file to decode; `file` is let go (null) once its outcome is consumed. */
interface Work {
  path: string;
  file: Blob | null;
  cls: PathClass;
}

/** The files to decode in path order, and the system files skipped; empties `entries` (see importEntries). */
function plan(entries: ImportEntry[], skipped: SkippedFile[]): Work[] {
  const work: Work[] = [];
  for (const { path, file } of sortEntries(entries.splice(0))) {
    const cls = classifyPath(path);
    if (cls.kind === 'system') skipped.push({ path, reason: 'systemFile' });
    else work.push({ path, file, cls });
  }
  return work;
}

/**
 * Run the import. Resolves with the report (never rejects for bad files; rejects only on programming errors).
 * `entries` is taken: it is emptied when the import starts, and each file is let go once decoded, so the files of
 * an archive (Blobs in the browser's blob storage, as big as the archive) are freed as the import goes.
 */
export async function importEntries(entries: ImportEntry[], options: ImportOptions): Promise<ImportReport> {
  const { spec, processor, signal } = options;
  const window = options.window ?? processor.window ?? 16;
  const skipped: SkippedFile[] = [];
  const report: ImportReport = { identities: 0, images: 0, skipped, singleImageIdentities: [] };
  const work = plan(entries, skipped);
  const meter = createProgressMeter(work.length, options.now ?? (() => Date.now()));
  let completed = 0;

  const px = imageBytes(spec);
  const tb = imageBytes(thumbSpec(spec));
  let chunk = newChunk(0, 0, px, tb);
  let storedIdentities = 0; // identities whose first image is stored
  const identityCounts: number[] = []; // images per global identity (stored or pending)
  const storedCounts: number[] = []; // images per global identity that reached the store
  const identityNames: string[] = [];
  const seen = new Map<string, { path: string; identity: string }>();
  let current: { key: string; index: number } | null = null;

  const flush = async (): Promise<boolean> => {
    if (chunk.count === 0) return true;
    const full = trimChunk(chunk, px, tb);
    try {
      await options.onChunk(full);
    } catch (e) {
      const quota = isQuotaError(e);
      for (const path of full.paths) skipped.push({ path, reason: 'quotaExceeded' });
      report.stopped = {
        by: quota ? 'quotaExceeded' : 'storageError',
        message: quota ? 'browser storage is full' : `storage failed: ${errorText(e)}`,
        notAttempted: 0,
      };
      return false;
    }
    report.images += full.count;
    for (const label of full.labels) storedCounts[label] = (storedCounts[label] ?? 0) + 1;
    storedIdentities = full.firstNewIdentity + full.newIdentities.length;
    report.identities = storedIdentities;
    chunk = newChunk(full.index + 1, identityCounts.length, px, tb);
    return true;
  };

  const pending: (Promise<ProcessOutcome> | undefined)[] = new Array(work.length);
  let launched = 0;
  const launch = (upTo: number): void => {
    for (; launched < Math.min(upTo, work.length); launched++) {
      const { path, file } = work[launched] as Work;
      const name = splitPath(path).pop() ?? path;
      const p = processor.process(file ?? new Blob(), name, spec, signal).catch((e: unknown): ProcessOutcome => ({
        ok: false,
        reason: 'corrupt',
        detail: `decoder failed: ${errorText(e)}`,
      }));
      void p.then(() => {
        completed++;
        const progress = meter.update(completed);
        if (progress && options.onProgress) options.onProgress(progress, report);
      });
      pending[launched] = p;
    }
  };

  let i = 0;
  for (; i < work.length; i++) {
    if (signal?.aborted) break;
    launch(i + window);
    const item = work[i] as Work;
    const { path, cls } = item;
    const outcome = await (pending[i] as Promise<ProcessOutcome>);
    pending[i] = undefined; // let the pixels go
    item.file = null; // and the file
    if (signal?.aborted) break;
    if (!outcome.ok) {
      skipped.push({
        path,
        reason: outcome.reason,
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
      });
      continue;
    }
    if (cls.kind !== 'image') {
      skipped.push({ path, reason: 'noIdentityFolder' });
      continue;
    }
    const first = seen.get(outcome.hash);
    if (first) {
      const same = first.identity === cls.identityKey;
      skipped.push({
        path,
        reason: same ? 'duplicateInIdentity' : 'duplicateAcrossIdentities',
        detail: `same bytes as ${first.path}`,
      });
      continue;
    }
    seen.set(outcome.hash, { path, identity: cls.identityKey });
    if (current === null || current.key !== cls.identityKey) {
      current = { key: cls.identityKey, index: identityCounts.length };
      identityCounts.push(0);
      identityNames.push(cls.identityName);
      chunk.newIdentities.push({ key: cls.identityKey, name: cls.identityName });
    }
    identityCounts[current.index] = (identityCounts[current.index] as number) + 1;
    chunk.pixels.set(outcome.pixels, chunk.count * px);
    chunk.thumbs.set(outcome.thumb, chunk.count * tb);
    chunk.labels[chunk.count] = current.index;
    chunk.paths.push(path);
    chunk.count++;
    if (outcome.faces !== undefined && outcome.faces > 1)
      (report.severalFaces ??= []).push({ path, faces: outcome.faces });
    if (outcome.route !== undefined) {
      const routes = (report.alignRoutes ??= {});
      routes[outcome.route] = (routes[outcome.route] ?? 0) + 1;
      if (outcome.route !== 'detected') (report.alignedBy ??= []).push({ path, route: outcome.route });
    }
    if (chunk.count === CHUNK_IMAGES && !(await flush())) {
      i++;
      break;
    }
  }
  if (report.stopped === undefined) {
    if (signal?.aborted) report.stopped = { by: 'cancel', message: 'cancelled', notAttempted: 0 };
    await flush();
  }
  if (report.stopped) report.stopped.notAttempted = work.length - i;
  for (let k = 0; k < storedIdentities; k++)
    if (storedCounts[k] === 1) report.singleImageIdentities.push(identityNames[k] as string);
  options.onProgress?.(meter.current(), report);
  return report;
}

function newChunk(index: number, firstNewIdentity: number, px: number, tb: number): ImageChunk {
  return {
    index,
    newIdentities: [],
    firstNewIdentity,
    count: 0,
    labels: new Int32Array(CHUNK_IMAGES),
    pixels: new Uint8Array(CHUNK_IMAGES * px),
    thumbs: new Uint8Array(CHUNK_IMAGES * tb),
    paths: [],
  };
}

/** The chunk with its buffers cut to `count` (copies only when partly filled). */
function trimChunk(c: ImageChunk, px: number, tb: number): ImageChunk {
  if (c.count === CHUNK_IMAGES) return c;
  return {
    ...c,
    labels: c.labels.slice(0, c.count),
    pixels: c.pixels.slice(0, c.count * px),
    thumbs: c.thumbs.slice(0, c.count * tb),
  };
}
