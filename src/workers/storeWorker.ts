/// <reference lib="webworker" />
/**
 * The storage worker shell: StoreRequest → data/store (the same transactions as on the page) → StoreResponse. A
 * chunk's structured clone into IndexedDB, and a dataset's out of it, cost their time here instead of on the page.
 */
import { createDatasetStore, openLabDb, readThumbs } from '../data/store';
import { errorText } from '../common/errorText';
import type { StoreRequest, StoreResponse } from './storeProtocol';
import { storeReplyTransfer } from './storeProtocol';
import { serve } from './rpc';

const db = openLabDb();

serve<StoreRequest, StoreResponse>(
  async (request): Promise<StoreResponse> => {
    const { id } = request;
    switch (request.type) {
      case 'append':
        try {
          await createDatasetStore(await db).appendChunk(request.datasetId, request.chunk);
          return { id, type: 'appended' };
        } catch (e) {
          const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : 'Error';
          return { id, type: 'refused', name, message: errorText(e) };
        }
      case 'thumbs':
        return { id, type: 'thumbs', thumbs: await readThumbs(await db, request.datasetId) };
      case 'load':
        return { id, type: 'loaded', dataset: await createDatasetStore(await db).load(request.datasetId) };
    }
  },
  { transfer: storeReplyTransfer },
);
