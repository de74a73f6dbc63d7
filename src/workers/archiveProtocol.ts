/** The archive worker's typed protocol: one archive per worker, read start to end; cancel = terminate the worker. */
import type { ArchiveKind } from '../data/archiveReader';

export interface ArchiveRequest {
  type: 'read';
  /** Posted as a Blob (a File): structured clone shares the bytes, the worker streams them itself. */
  archive: Blob;
  kind: ArchiveKind;
}

/** A file of the archive, its path as stored in the archive (no prefix yet). */
export interface ArchiveFile {
  path: string;
  file: Blob;
}

export type ArchiveResponse =
  /** A batch of files read, in archive order: many small messages would cost the page more than a few larger ones. */
  | { type: 'files'; files: ArchiveFile[] }
  | { type: 'skip'; path: string; detail: string }
  | { type: 'progress'; bytesRead: number }
  | { type: 'done' }
  | { type: 'error'; message: string };
