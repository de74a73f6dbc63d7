/**
 * The ways files come in, each turned into ImportEntry[] with root-first paths: a picked folder (input
 * webkitdirectory: webkitRelativePath), picked files, and drag and drop (FileSystemEntry trees). Zip archives among
 * them are streamed by the archive worker (workers/archiveClient.ts).
 */
import type { ImportEntry } from './importPaths';
import { errorText } from '../common/errorText';

/** From an <input type=file webkitdirectory> or plain multi-file input. Plain files get just their name (root files). */
export function entriesFromFileList(files: ArrayLike<File>): ImportEntry[] {
  return Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** The FileSystemEntry API surface the walker needs (a structural type so Node tests can fake it). */
export interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
export interface FsFileEntry extends FsEntry {
  file(success: (file: File) => void, error?: (err: DOMException) => void): void;
}
export interface FsDirectoryEntry extends FsEntry {
  createReader(): { readEntries(success: (entries: FsEntry[]) => void, error?: (err: DOMException) => void): void };
}

/**
 * Take the entries out of a drop event. Must be called synchronously inside the `drop` handler: the DataTransfer
 * is emptied once the handler returns, so the entries are grabbed first and walked afterwards.
 */
export function entriesFromDrop(items: DataTransferItemList): FsEntry[] {
  const out: FsEntry[] = [];
  for (let i = 0; i < items.length; i++) {
    const entry = items[i]?.webkitGetAsEntry();
    if (entry) out.push(entry as unknown as FsEntry);
  }
  return out;
}

/**
 * Walk dropped entries depth-first. readEntries returns at most 100 entries per call in Chromium, so it is called
 * until it returns none. A file that cannot be read is reported through `onError` and the walk goes on.
 */
export async function walkEntries(
  roots: readonly FsEntry[],
  onError: (path: string, message: string) => void = () => {},
): Promise<ImportEntry[]> {
  const out: ImportEntry[] = [];
  const visit = async (entry: FsEntry): Promise<void> => {
    const path = entry.fullPath.replace(/^\/+/, '');
    if (entry.isFile) {
      try {
        const file = await new Promise<File>((resolve, reject) => (entry as FsFileEntry).file(resolve, reject));
        out.push({ path, file });
      } catch (e) {
        onError(path, errorText(e));
      }
      return;
    }
    if (!entry.isDirectory) return;
    const reader = (entry as FsDirectoryEntry).createReader();
    for (;;) {
      let batch: FsEntry[];
      try {
        batch = await new Promise<FsEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      } catch (e) {
        onError(path, errorText(e));
        return;
      }
      if (batch.length === 0) return;
      for (const child of batch) await visit(child);
    }
  };
  for (const root of roots) await visit(root);
  return out;
}
