import { describe, expect, it } from 'vitest';
import type { ImageChunk } from '../data/importPipeline';
import { isQuotaError } from '../data/importPipeline';
import type { DatasetMeta } from '../data/datasetMeta';
import { createStoreClient } from './storeClient';
import type { StoreRequest, StoreResponse } from './storeProtocol';
import { storeReplyTransfer } from './storeProtocol';
import type { LoadedDataset } from '../data/store';
import type { WorkerLike } from './rpc';

const chunk = (): ImageChunk => ({
  index: 0,
  newIdentities: [{ key: 'r/a', name: 'a' }],
  firstNewIdentity: 0,
  count: 2,
  labels: Int32Array.of(0, 0),
  pixels: new Uint8Array(2 * 16).fill(7),
  thumbs: new Uint8Array(2 * 4).fill(9),
  paths: ['r/a/1.png', 'r/a/2.png'],
});

/** A worker that records requests and the buffers transferred with them, and answers with `answer`. */
function fakeWorker(
  log: { request: StoreRequest; transfer: Transferable[] }[],
  answer: (r: StoreRequest) => StoreResponse,
) {
  const w: WorkerLike<StoreRequest, StoreResponse> = {
    onmessage: null,
    onerror: null,
    terminate: () => undefined,
    postMessage(request, transfer = []) {
      log.push({ request, transfer });
      setTimeout(() => w.onmessage?.({ data: answer(request) }), 1);
    },
  };
  return w;
}

describe('storage worker client', () => {
  it('appends a chunk with its pixels and thumbnails transferred, its labels copied (the import reads them after)', async () => {
    const log: { request: StoreRequest; transfer: Transferable[] }[] = [];
    const client = createStoreClient(() => fakeWorker(log, (r) => ({ id: r.id, type: 'appended' })));
    const c = chunk();
    await client.appendChunk('ds1', c);
    expect(log).toHaveLength(1);
    expect(log[0]?.request).toMatchObject({ type: 'append', datasetId: 'ds1', chunk: { count: 2 } });
    expect(log[0]?.transfer).toEqual([c.pixels.buffer, c.thumbs.buffer]);
    expect(log[0]?.transfer).not.toContain(c.labels.buffer);
    client.close();
  });

  it('does not transfer a view of a bigger buffer (that would take the rest with it)', async () => {
    const log: { request: StoreRequest; transfer: Transferable[] }[] = [];
    const client = createStoreClient(() => fakeWorker(log, (r) => ({ id: r.id, type: 'appended' })));
    const c = chunk();
    c.pixels = new Uint8Array(64).subarray(0, 32);
    await client.appendChunk('ds1', c);
    expect(log[0]?.transfer).toEqual([c.thumbs.buffer]);
  });

  it('a refused write rejects with the database error name, so a full quota stops the import as on the page', async () => {
    const client = createStoreClient(() =>
      fakeWorker([], (r) => ({ id: r.id, type: 'refused', name: 'QuotaExceededError', message: 'storage is full' })),
    );
    const error = await client.appendChunk('ds1', chunk()).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(String(error)).toContain('storage is full');
  });

  it('reads the thumbnails of a dataset', async () => {
    const thumbs = {
      meta: { id: 'ds1' } as DatasetMeta,
      thumbs: new Uint8Array(8).fill(9),
      counts: Int32Array.of(2),
      identityNames: ['a'],
    };
    const client = createStoreClient(() => fakeWorker([], (r) => ({ id: r.id, type: 'thumbs', thumbs })));
    await expect(client.readThumbs('ds1')).resolves.toEqual(thumbs);
  });

  it('loads a whole dataset, whose four arrays the worker transfers back', async () => {
    const dataset: LoadedDataset = {
      meta: { id: 'ds1' } as DatasetMeta,
      pixels: new Uint8Array(32).fill(7),
      thumbs: new Uint8Array(8).fill(9),
      labels: Int32Array.of(0, 0),
      counts: Int32Array.of(2),
      identityNames: ['a'],
      identityKeys: ['r/a'],
      paths: ['r/a/1.png', 'r/a/2.png'],
    };
    const log: { request: StoreRequest; transfer: Transferable[] }[] = [];
    const client = createStoreClient(() => fakeWorker(log, (r) => ({ id: r.id, type: 'loaded', dataset })));
    await expect(client.load('ds1')).resolves.toEqual(dataset);
    expect(log[0]?.request).toMatchObject({ type: 'load', datasetId: 'ds1' });
    expect(storeReplyTransfer({ id: 1, type: 'loaded', dataset })).toEqual([
      dataset.pixels.buffer,
      dataset.thumbs.buffer,
      dataset.labels.buffer,
      dataset.counts.buffer,
    ]);
  });

  it('a worker that fails to load rejects with a message naming it', async () => {
    const w: WorkerLike<StoreRequest, StoreResponse> = {
      onmessage: null,
      onerror: null,
      terminate: () => undefined,
      postMessage: () => setTimeout(() => w.onerror?.({ message: 'Failed to fetch' }), 1),
    };
    const client = createStoreClient(() => w);
    await expect(client.readThumbs('ds1')).rejects.toThrow('The storage worker stopped (Failed to fetch).');
  });
});
