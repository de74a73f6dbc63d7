/**
 * The page's handle on a storage worker (storeWorker.ts): an import's chunks are written there, and datasets and the
 * dataset view's thumbnails read there, so the structured clone of whole chunks never runs on the page. A refused
 * write rejects with a DOMException of the database's error name, as the page's own store would.
 */
import type { ImageChunk } from '../data/importPipeline';
import type { DatasetThumbs, LoadedDataset } from '../data/store';
import type { StoreRequest, StoreResponse } from './storeProtocol';
import { RpcClient, type WorkerLike } from './rpc';

export interface StoreClient {
  /** DatasetStore.appendChunk in the worker; the chunk's pixels and thumbnails are transferred (detached here). */
  appendChunk(datasetId: string, chunk: ImageChunk): Promise<void>;
  /** The thumbnails, counts and identity names of a dataset, read in the worker. */
  readThumbs(datasetId: string): Promise<DatasetThumbs>;
  /** DatasetStore.load in the worker; the arrays come back transferred, so the page clones no chunk. */
  load(datasetId: string): Promise<LoadedDataset>;
  /** Ends the worker; calls still pending reject. */
  close(): void;
}

const browserWorker = (): WorkerLike<StoreRequest, StoreResponse> =>
  new Worker(new URL('./storeWorker.ts', import.meta.url), {
    type: 'module',
    name: 'storage',
  }) as unknown as WorkerLike<StoreRequest, StoreResponse>;

/** The buffer behind `a` when `a` spans all of it (so it can be transferred without taking more than `a`). */
function whole(a: Uint8Array): ArrayBuffer[] {
  return a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength
    ? [a.buffer]
    : [];
}

export function createStoreClient(
  createWorker: () => WorkerLike<StoreRequest, StoreResponse> = browserWorker,
): StoreClient {
  const rpc = new RpcClient<StoreRequest, StoreResponse>({ create: createWorker, name: 'storage' });
  return {
    async appendChunk(datasetId, chunk) {
      const transfer = [...whole(chunk.pixels), ...whole(chunk.thumbs)];
      const reply = await rpc.call({ type: 'append', datasetId, chunk }, { transfer });
      if (reply.type === 'refused') throw new DOMException(reply.message, reply.name);
      if (reply.type !== 'appended') throw new Error(`The storage worker answered 'append' with '${reply.type}'.`);
    },
    readThumbs: async (datasetId) => (await rpc.ask({ type: 'thumbs', datasetId }, 'thumbs')).thumbs,
    load: async (datasetId) => (await rpc.ask({ type: 'load', datasetId }, 'loaded')).dataset,
    close: () => rpc.close(),
  };
}
