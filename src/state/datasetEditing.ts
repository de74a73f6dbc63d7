/**
 * Editing a stored dataset from the page: each edit (rename, merge, move, delete, split) is applied to the loaded
 * content, written back in one IndexedDB transaction, and pushed on an undo stack that restores it exactly. The
 * stack lives on the page (a reload clears it; the edits themselves are stored). Failures become a specific
 * message in `error`, and a failed write leaves the stored dataset as it was.
 */
import { errorText } from '../common/errorText';
import type { AddedImages, DatasetContent, DatasetEdit, EditUndo } from '../data/datasetEdits';
import type { DatasetMeta } from '../data/datasetMeta';
import { applyEdit, undoEdit } from '../data/datasetEdits';
import type { DatasetStore } from '../data/store';
import { createStore } from './store';

/** Undo steps kept; each holds the old labels and the deleted images' pixels, not the kept pixels. */
export const UNDO_DEPTH = 20;

export interface EditingState {
  busy: boolean;
  /** Oldest first: the last entry is undone next. */
  undo: { datasetId: string; summary: string }[];
  /** The last edit or undo, for the status line. */
  last: string | null;
  error: string | null;
  /** Bumped after every stored change, so views reload. */
  version: number;
}

export interface EditingDeps {
  /** The dataset store, or null when IndexedDB is unavailable. */
  store(): Promise<DatasetStore | null>;
  /** Called after a stored change of `datasetId` (the library re-lists its datasets, thumbnails are read again). */
  changed(datasetId: string): Promise<void>;
}

const contentOf = (d: DatasetContent): DatasetContent => ({
  pixels: d.pixels,
  thumbs: d.thumbs,
  labels: d.labels,
  identityNames: d.identityNames,
  identityKeys: d.identityKeys,
  paths: d.paths,
});

export function createDatasetEditor(deps: EditingDeps) {
  const state = createStore<EditingState>({ busy: false, undo: [], last: null, error: null, version: 0 });
  const records: EditUndo[] = [];
  const patch = (p: Partial<EditingState>) => state.set((s) => ({ ...s, ...p }));

  /** Runs one stored change; resolves false (with `error` set) when it did not happen. */
  async function change(
    datasetId: string,
    task: (store: DatasetStore) => Promise<void>,
    what: string,
  ): Promise<boolean> {
    if (state.get().busy) {
      patch({ error: 'Another edit is being saved: wait a moment.' });
      return false;
    }
    patch({ busy: true, error: null });
    try {
      const store = await deps.store();
      if (!store) throw new Error('browser storage is unavailable');
      await task(store);
      state.set((s) => ({ ...s, version: s.version + 1 }));
      await deps.changed(datasetId);
      return true;
    } catch (e) {
      patch({ error: `${what} failed: ${errorText(e)}. The dataset is unchanged.` });
      return false;
    } finally {
      patch({ busy: false });
    }
  }

  return {
    state,
    /** Applies `edit` to dataset `datasetId` and stores the result. */
    apply(datasetId: string, edit: DatasetEdit): Promise<boolean> {
      return change(
        datasetId,
        async (store) => {
          const loaded = await store.load(datasetId);
          const result = applyEdit(contentOf(loaded), edit);
          await store.replaceContent(datasetId, result.content);
          records.push(result.undo);
          const undo = [...state.get().undo, { datasetId, summary: result.summary }];
          if (undo.length > UNDO_DEPTH) {
            undo.shift();
            records.shift();
          }
          patch({ undo, last: result.summary });
        },
        'The edit',
      );
    },
    /**
     * A new dataset whose first identity `name` holds `images` (a webcam burst). Not on the undo stack: deleting the
     * dataset undoes it.
     */
    createWith(meta: DatasetMeta, name: string, images: AddedImages): Promise<boolean> {
      return change(
        meta.id,
        async (store) => {
          const empty: DatasetContent = {
            pixels: new Uint8Array(0),
            thumbs: new Uint8Array(0),
            labels: new Int32Array(0),
            identityNames: [],
            identityKeys: [],
            paths: [],
          };
          const { content } = applyEdit(empty, { kind: 'add', identity: null, name, images });
          await store.create({ ...meta, importing: false });
          await store.replaceContent(meta.id, content);
          patch({ last: `created “${meta.name}” with ${images.paths.length} images of “${name}”` });
        },
        `Creating “${meta.name}”`,
      );
    },
    /** Undoes the last edit exactly (its dataset must not have changed since). */
    undo(): Promise<boolean> {
      const top = state.get().undo.at(-1);
      const record = records.at(-1);
      if (!top || !record) {
        patch({ error: 'There is no edit to undo.' });
        return Promise.resolve(false);
      }
      return change(
        top.datasetId,
        async (store) => {
          const loaded = await store.load(top.datasetId);
          await store.replaceContent(top.datasetId, undoEdit(contentOf(loaded), record));
          records.pop();
          patch({ undo: state.get().undo.slice(0, -1), last: `undid: ${top.summary}` });
        },
        `Undo of “${top.summary}”`,
      );
    },
    /** Forgets the undo steps of a deleted dataset. */
    forget(datasetId: string): void {
      const keep = state.get().undo.map((u) => u.datasetId !== datasetId);
      const kept = records.filter((_, i) => keep[i]);
      records.splice(0, records.length, ...kept);
      patch({ undo: state.get().undo.filter((u) => u.datasetId !== datasetId) });
    },
    dismiss(): void {
      patch({ error: null });
    },
  };
}

export type DatasetEditor = ReturnType<typeof createDatasetEditor>;
