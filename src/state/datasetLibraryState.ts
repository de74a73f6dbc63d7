/** The dataset library's state on the page: stored datasets, the import in progress, storage, the active dataset. */
import type { DatasetMeta } from '../data/datasetMeta';
import type { ImageSpec } from '../data/imageSpec';
import type { ImportProgress } from '../data/importProgress';
import type { SkippedFile } from '../data/importReport';
import type { ArchiveProgress } from '../workers/archiveClient';

export interface ImportRun {
  id: string;
  name: string;
  /** reading: listing files and streaming archives; decoding: the worker pool at work; cancelling: waiting for it. */
  phase: 'reading' | 'decoding' | 'cancelling';
  progress: ImportProgress | null;
  /** The archive being read (bytes of its stored size), while reading. */
  archive: ArchiveProgress | null;
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

export interface ImportRequest {
  alignFaces: boolean;
  name: string;
  /** Why, shown above the form until an import starts. */
  reason: string;
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

export interface ImportOptions {
  name: string;
  spec: ImageSpec;
  /** Files refused before the import (e.g. unreadable while walking a dropped folder), listed in the report. */
  preSkipped?: SkippedFile[];
  /** Detect the face in each photo and store it aligned (eyes level, fixed eye distance) instead of a centre crop. */
  alignFaces?: boolean;
}

export const INITIAL_LIBRARY: DatasetLibraryState = {
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
