/**
 * The storage worker's typed protocol: the IndexedDB writes and reads of whole chunks, whose structured clone of
 * tens of megabytes (256 images at 160 × 160 RGB is 20 MB) froze the page for 150 ms or more per chunk.
 */
import type { ImageChunk } from '../data/importPipeline';
import type { DatasetThumbs, LoadedDataset } from '../data/store';

export type StoreRequest =
  /** The chunk's pixels and thumbnails are transferred (detached on the page). */
  | { type: 'append'; id: number; datasetId: string; chunk: ImageChunk }
  | { type: 'thumbs'; id: number; datasetId: string }
  /** A whole dataset, its arrays transferred back: a big one read on the page was one long task. */
  | { type: 'load'; id: number; datasetId: string };

export type StoreResponse =
  | { type: 'appended'; id: number }
  /** A write the database refused, with its error's name (QuotaExceededError: the import keeps what it stored). */
  | { type: 'refused'; id: number; name: string; message: string }
  | { type: 'thumbs'; id: number; thumbs: DatasetThumbs }
  | { type: 'loaded'; id: number; dataset: LoadedDataset }
  | { type: 'error'; id: number; message: string };

/** The buffers of a reply to transfer: the arrays read back. */
export function storeReplyTransfer(reply: StoreResponse): ArrayBuffer[] {
  const arrays =
    reply.type === 'thumbs'
      ? [reply.thumbs.thumbs, reply.thumbs.counts]
      : reply.type === 'loaded'
        ? [reply.dataset.pixels, reply.dataset.thumbs, reply.dataset.labels, reply.dataset.counts]
        : [];
  return arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
