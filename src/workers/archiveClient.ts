/**
 * Archives among the import entries, replaced by their files: each .zip / .tar / .tar.gz (found by magic bytes, any
 * name) is streamed by a worker of its own, so the page only receives Blob handles in batches and never inflates
 * anything. Progress is the archive's bytes read; cancel terminates the worker. A damaged archive keeps the files
 * read before the damage and is reported as corrupt with the reader's message.
 */
import type { ArchiveKind } from '../data/archiveReader';
import { ARCHIVE_HEAD_BYTES, sniffArchive } from '../data/archiveReader';
import { placeArchiveFiles } from '../data/archivePaths';
import type { ImportEntry } from '../data/importPaths';
import type { SkippedFile } from '../data/importReport';
import type { ArchiveFile, ArchiveRequest, ArchiveResponse } from './archiveProtocol';
import { retire } from './retire';

/** The part of Worker the client uses, so tests can run it with an in-process fake. */
export interface ArchiveWorkerLike {
  postMessage(message: ArchiveRequest): void;
  onmessage: ((event: MessageEvent<ArchiveResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface ArchiveProgress {
  /** The archive's path among the entries. */
  name: string;
  bytesRead: number;
  total: number;
  /** Files read from it so far. */
  files: number;
}

export interface ExpandOptions {
  onProgress?: (progress: ArchiveProgress) => void;
  signal?: AbortSignal;
  createWorker?: () => ArchiveWorkerLike;
}

const browserWorker = (): ArchiveWorkerLike =>
  new Worker(new URL('./archiveWorker.ts', import.meta.url), { type: 'module' }) as unknown as ArchiveWorkerLike;

const KIND_NAMES: Record<ArchiveKind, string> = { zip: 'zip', tar: 'tar', 'tar.gz': 'tar.gz' };

/** Read one archive in a worker: its files (archive paths) and what it could not extract. */
function readInWorker(
  entry: ImportEntry,
  kind: ArchiveKind,
  o: ExpandOptions,
): Promise<{ files: ArchiveFile[]; skipped: SkippedFile[] }> {
  const files: ArchiveFile[] = [];
  const skipped: SkippedFile[] = [];
  const worker = (o.createWorker ?? browserWorker)();
  const report = (bytesRead: number) =>
    o.onProgress?.({ name: entry.path, bytesRead, total: entry.file.size, files: files.length });
  return new Promise((resolve, reject) => {
    const end = (error?: unknown): void => {
      worker.onmessage = null;
      worker.onerror = null;
      retire(worker);
      o.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ files, skipped });
    };
    const onAbort = () => end(new DOMException('import cancelled', 'AbortError'));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const corrupt = (detail: string) =>
      skipped.push({ path: entry.path, reason: 'corrupt', detail: `${KIND_NAMES[kind]} archive: ${detail}` });
    worker.onmessage = ({ data }) => {
      switch (data.type) {
        case 'files':
          files.push(...data.files);
          return;
        case 'skip':
          skipped.push({ path: `${entry.path}/${data.path}`, reason: 'unsupportedFormat', detail: data.detail });
          return;
        case 'progress':
          return report(data.bytesRead);
        case 'done':
          report(entry.file.size);
          return end();
        case 'error':
          corrupt(data.message);
          return end();
      }
    };
    worker.onerror = (event) => {
      corrupt(`the archive reader crashed (${event.message || 'out of memory?'})`);
      end();
    };
    worker.postMessage({ type: 'read', archive: entry.file, kind });
  });
}

/** Replace each archive entry with its files; other entries pass through in order. Rejects only on cancel. */
export async function expandArchives(
  entries: readonly ImportEntry[],
  o: ExpandOptions = {},
): Promise<{ entries: ImportEntry[]; skipped: SkippedFile[] }> {
  const out: ImportEntry[] = [];
  const skipped: SkippedFile[] = [];
  for (const e of entries) {
    o.signal?.throwIfAborted();
    const head = e.file.size >= 4 ? new Uint8Array(await e.file.slice(0, ARCHIVE_HEAD_BYTES).arrayBuffer()) : null;
    const kind = head ? sniffArchive(head) : null;
    if (!kind) {
      out.push(e);
      continue;
    }
    const read = await readInWorker(e, kind, o);
    out.push(...placeArchiveFiles(e.path, read.files));
    skipped.push(...read.skipped);
  }
  return { entries: out, skipped };
}
