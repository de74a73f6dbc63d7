/**
 * The archive worker's logic, apart from its shell so Node tests run it: stream the archive through readArchive and
 * post its files as Blobs in batches (at most FILES_PER_BATCH files or BYTES_PER_BATCH bytes each), progress a few
 * times a second. A Blob made here keeps its bytes in the browser's blob storage, not in this worker's heap.
 */
import { readArchive } from '../data/archiveReader';
import type { ArchiveFile, ArchiveRequest, ArchiveResponse } from './archiveProtocol';
import { errorText } from '../common/errorText';

export const FILES_PER_BATCH = 64;
export const BYTES_PER_BATCH = 8 * 2 ** 20;
const PROGRESS_MS = 100;

export async function handleArchiveRequest(
  request: ArchiveRequest,
  post: (response: ArchiveResponse) => void,
  now: () => number = () => Date.now(),
): Promise<void> {
  let batch: ArchiveFile[] = [];
  let batchBytes = 0;
  let lastProgress = -Infinity;
  const flush = (): void => {
    if (batch.length === 0) return;
    post({ type: 'files', files: batch });
    batch = [];
    batchBytes = 0;
  };
  try {
    await readArchive(request.archive, request.kind, {
      file(path, parts) {
        const file = new Blob(parts);
        batch.push({ path, file });
        batchBytes += file.size;
        if (batch.length >= FILES_PER_BATCH || batchBytes >= BYTES_PER_BATCH) flush();
      },
      skip: (path, detail) => post({ type: 'skip', path, detail }),
      progress(bytesRead) {
        const t = now();
        if (t - lastProgress < PROGRESS_MS && bytesRead < request.archive.size) return;
        lastProgress = t;
        post({ type: 'progress', bytesRead });
      },
    });
    flush();
    post({ type: 'done' });
  } catch (e) {
    flush(); // what was read before the damage is kept
    post({ type: 'error', message: errorText(e) });
  }
}
