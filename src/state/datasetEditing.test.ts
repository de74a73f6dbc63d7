import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { contentChunks } from '../data/contentChunks';
import type { DatasetContent } from '../data/datasetEdits';
import { newImportMeta } from '../data/datasetMeta';
import { CHUNK_IMAGES } from '../data/importPipeline';
import type { LoadedDataset } from '../data/store';
import { createDatasetStore, openLabDb } from '../data/store';
import { createDatasetEditor } from './datasetEditing';

const SPEC = { width: 2, height: 1, channels: 1 } as const;

/** 4 identities of 70, 200, 130 and 160 images (560: three chunks, identities across chunk borders). */
function content(): DatasetContent {
  const sizes = [70, 200, 130, 160];
  const labels = Int32Array.from(sizes.flatMap((n, id) => Array.from({ length: n }, () => id)));
  const n = labels.length;
  return {
    pixels: Uint8Array.from({ length: n * 2 }, (_, i) => (i * 7) % 251),
    thumbs: Uint8Array.from({ length: n }, (_, i) => (i * 13) % 253),
    labels,
    identityNames: ['ann', 'ben', 'cat', 'dan'],
    identityKeys: ['k-ann', 'k-ben', 'k-cat', 'k-dan'],
    paths: Array.from({ length: n }, (_, i) => `p${i}.png`),
  };
}

const snapshot = (d: LoadedDataset) => ({
  pixels: Array.from(d.pixels),
  thumbs: Array.from(d.thumbs),
  labels: Array.from(d.labels),
  counts: Array.from(d.counts),
  names: d.identityNames,
  keys: d.identityKeys,
  paths: d.paths,
  images: d.meta.images,
  identities: d.meta.identities,
  chunks: d.meta.chunks,
});

async function storedDataset(dbName: string) {
  const store = createDatasetStore(await openLabDb(dbName));
  await store.create({ ...newImportMeta('d1', 'faces', SPEC, 0, 1), importing: false });
  for (const chunk of contentChunks(content())) await store.appendChunk('d1', chunk);
  return store;
}

describe('dataset editing against the IndexedDB store (fake-indexeddb)', () => {
  it('stores content in chunks that load back unchanged', async () => {
    const store = await storedDataset('edit-roundtrip');
    const loaded = await store.load('d1');
    const c = content();
    expect(loaded.meta.chunks).toBe(Math.ceil(560 / CHUNK_IMAGES));
    expect(Array.from(loaded.counts)).toEqual([70, 200, 130, 160]);
    expect(Array.from(loaded.pixels)).toEqual(Array.from(c.pixels));
    expect(loaded.identityNames).toEqual(c.identityNames);
  });

  it('merges two identities, then undo restores the stored dataset exactly', async () => {
    const store = await storedDataset('edit-merge');
    const original = snapshot(await store.load('d1'));
    const changed: string[] = [];
    const editor = createDatasetEditor({ store: async () => store, changed: async (id) => void changed.push(id) });

    expect(await editor.apply('d1', { kind: 'merge', into: 0, from: 2 })).toBe(true);
    const merged = await store.load('d1');
    expect(Array.from(merged.counts)).toEqual([200, 200, 160]);
    expect(merged.identityNames).toEqual(['ann', 'ben', 'dan']);
    expect(merged.meta.identities).toBe(3);
    // cat's first image (stored index 270) now follows ann's 70.
    expect(merged.paths[70]).toBe('p270.png');
    expect(Array.from(merged.pixels.subarray(140, 142))).toEqual(original.pixels.slice(540, 542));
    expect(editor.state.get().undo).toEqual([{ datasetId: 'd1', summary: 'merged “cat” into “ann”' }]);

    expect(await editor.undo()).toBe(true);
    expect(snapshot(await store.load('d1'))).toEqual(original);
    expect(editor.state.get().undo).toEqual([]);
    expect(changed).toEqual(['d1', 'd1']);
  });

  it('undoes a delete and a split in reverse order, deleted pixels included', async () => {
    const store = await storedDataset('edit-chain');
    const original = snapshot(await store.load('d1'));
    const editor = createDatasetEditor({ store: async () => store, changed: async () => {} });
    await editor.apply('d1', { kind: 'delete', images: [0, 300, 559] });
    await editor.apply('d1', { kind: 'split', images: [5], name: 'eve' });
    expect((await store.load('d1')).meta.images).toBe(557);
    await editor.undo();
    await editor.undo();
    expect(snapshot(await store.load('d1'))).toEqual(original);
  });

  it('reports a refused edit and leaves the dataset unchanged', async () => {
    const store = await storedDataset('edit-refused');
    const original = snapshot(await store.load('d1'));
    const editor = createDatasetEditor({ store: async () => store, changed: async () => {} });
    expect(await editor.apply('d1', { kind: 'merge', into: 1, from: 1 })).toBe(false);
    expect(editor.state.get().error).toBe(
      'The edit failed: an identity cannot be merged with itself. The dataset is unchanged.',
    );
    expect(await editor.undo()).toBe(false);
    expect(editor.state.get().error).toBe('There is no edit to undo.');
    expect(snapshot(await store.load('d1'))).toEqual(original);
  });
});
