/**
 * Editing a stored dataset's identities: rename, merge two, move images, delete images, split off a mislabelled
 * image. Each edit is one relabelling of the images (a target identity per image, or deletion) followed by the
 * canonical order the store keeps: identity by identity, identities numbered by first image, no empty identity.
 * Each edit returns the new content and an undo record that restores the old content exactly (same order, bytes,
 * labels, names, keys and paths) without copying the kept pixels: it holds where each image went, the old labels and
 * names, and the pixels of deleted images only. Pure: runs in Node, no DOM, no IndexedDB.
 */
import { assert } from '../common/assert';

/** A dataset's images and identities in stored order (LoadedDataset without its meta). */
export interface DatasetContent {
  /** [N, H, W, C] uint8. */
  pixels: Uint8Array;
  /** [N, t, t, C] uint8. */
  thumbs: Uint8Array;
  /** [N] identity index; identities appear in order (identity i's first image comes before identity i + 1's). */
  labels: Int32Array;
  identityNames: string[];
  identityKeys: string[];
  paths: string[];
}

export type DatasetEdit =
  | { kind: 'rename'; identity: number; name: string }
  /** The images of `from` join `into`, which keeps its name. */
  | { kind: 'merge'; into: number; from: number }
  | { kind: 'move'; images: readonly number[]; to: number }
  | { kind: 'delete'; images: readonly number[] }
  /** The images become a new identity called `name` (a mislabelled photo taken out of its folder). */
  | { kind: 'split'; images: readonly number[]; name: string }
  /** New images (e.g. webcam frames) for `identity`, or for a new identity called `name` when it is null. */
  | { kind: 'add'; identity: number | null; name: string; images: AddedImages };

/** Images in the stored form, one after another. */
export interface AddedImages {
  pixels: Uint8Array;
  thumbs: Uint8Array;
  paths: string[];
}

/** What `undoEdit` needs to restore the content before an edit. */
export interface EditUndo {
  /** [new N] old image index of each image after the edit; -1 for an added image. */
  order: Int32Array;
  /** The deleted images: their old indices and bytes. */
  removed: { indices: Int32Array; pixels: Uint8Array; thumbs: Uint8Array };
  before: Pick<DatasetContent, 'labels' | 'identityNames' | 'identityKeys' | 'paths'>;
}

export interface EditResult {
  content: DatasetContent;
  undo: EditUndo;
  /** One line for the undo button and the log, e.g. "merged “bob” into “alice”". */
  summary: string;
}

const quote = (s: string | undefined): string => `“${s ?? '?'}”`;

function checkIdentity(c: DatasetContent, identity: number, role: string): void {
  assert(
    Number.isInteger(identity) && identity >= 0 && identity < c.identityNames.length,
    `${role} must be an identity from 0 to ${c.identityNames.length - 1}, got ${identity}`,
  );
}

function checkImages(c: DatasetContent, images: readonly number[]): Set<number> {
  assert(images.length > 0, 'choose at least one image');
  const set = new Set(images);
  assert(set.size === images.length, 'an image is listed twice');
  for (const i of images)
    assert(
      Number.isInteger(i) && i >= 0 && i < c.labels.length,
      `image ${i} is not in the dataset (0 to ${c.labels.length - 1})`,
    );
  return set;
}

function checkName(name: string): string {
  const clean = name.trim();
  assert(clean.length > 0, 'an identity needs a name');
  return clean;
}

/** A key no identity has yet, derived from the name. */
function freshKey(keys: readonly string[], name: string): string {
  const taken = new Set(keys);
  let n = 1;
  while (taken.has(`${name}#${n}`)) n++;
  return `${name}#${n}`;
}

/**
 * The content after sending old image i to identity slot `target[i]` (-1: deleted); slots are the old identities
 * followed by any new ones in `names`/`keys`. Empty slots are dropped, the rest keep their relative order.
 */
function relabel(c: DatasetContent, target: Int32Array, names: string[], keys: string[], summary: string): EditResult {
  const n = c.labels.length;
  const px = n > 0 ? c.pixels.length / n : 0;
  const tb = n > 0 ? c.thumbs.length / n : 0;
  assert(Number.isInteger(px) && Number.isInteger(tb), 'the images do not all have the same size');
  const sizes = new Int32Array(names.length);
  for (const t of target) if (t >= 0) sizes[t] = (sizes[t] as number) + 1;
  // Canonical numbering: non-empty slots in slot order; images grouped by slot, old order within a slot (stable).
  const slotToNew = new Int32Array(names.length).fill(-1);
  const starts: number[] = [];
  let kept = 0;
  const newNames: string[] = [];
  const newKeys: string[] = [];
  for (let s = 0; s < names.length; s++) {
    if (sizes[s] === 0) continue;
    slotToNew[s] = newNames.length;
    starts.push(kept);
    kept += sizes[s] as number;
    newNames.push(names[s] as string);
    newKeys.push(keys[s] as string);
  }
  assert(kept > 0, 'the edit would leave the dataset empty: delete the dataset instead');
  const order = new Int32Array(kept);
  const removedIdx: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = target[i] as number;
    if (t < 0) removedIdx.push(i);
    else order[starts[slotToNew[t] as number]!++] = i;
  }
  const content: DatasetContent = {
    pixels: new Uint8Array(kept * px),
    thumbs: new Uint8Array(kept * tb),
    labels: new Int32Array(kept),
    identityNames: newNames,
    identityKeys: newKeys,
    paths: new Array<string>(kept),
  };
  for (let j = 0; j < kept; j++) {
    const i = order[j] as number;
    content.pixels.set(c.pixels.subarray(i * px, (i + 1) * px), j * px);
    content.thumbs.set(c.thumbs.subarray(i * tb, (i + 1) * tb), j * tb);
    content.labels[j] = slotToNew[target[i] as number] as number;
    content.paths[j] = c.paths[i] ?? '';
  }
  const removed = {
    indices: Int32Array.from(removedIdx),
    pixels: new Uint8Array(removedIdx.length * px),
    thumbs: new Uint8Array(removedIdx.length * tb),
  };
  removedIdx.forEach((i, k) => {
    removed.pixels.set(c.pixels.subarray(i * px, (i + 1) * px), k * px);
    removed.thumbs.set(c.thumbs.subarray(i * tb, (i + 1) * tb), k * tb);
  });
  const before = {
    labels: c.labels.slice(),
    identityNames: c.identityNames.slice(),
    identityKeys: c.identityKeys.slice(),
    paths: c.paths.slice(),
  };
  return { content, undo: { order, removed, before }, summary };
}

/** Applies one edit; throws an Error with a specific message for an edit that does not fit the content. */
export function applyEdit(c: DatasetContent, edit: DatasetEdit): EditResult {
  const names = c.identityNames.slice();
  const keys = c.identityKeys.slice();
  const target = c.labels.slice();
  switch (edit.kind) {
    case 'rename': {
      checkIdentity(c, edit.identity, 'the renamed identity');
      const old = names[edit.identity];
      names[edit.identity] = checkName(edit.name);
      return relabel(c, target, names, keys, `renamed ${quote(old)} to ${quote(names[edit.identity])}`);
    }
    case 'merge': {
      checkIdentity(c, edit.into, 'the identity merged into');
      checkIdentity(c, edit.from, 'the merged identity');
      assert(edit.into !== edit.from, 'an identity cannot be merged with itself');
      for (let i = 0; i < target.length; i++) if (target[i] === edit.from) target[i] = edit.into;
      return relabel(c, target, names, keys, `merged ${quote(names[edit.from])} into ${quote(names[edit.into])}`);
    }
    case 'move': {
      checkIdentity(c, edit.to, 'the target identity');
      for (const i of checkImages(c, edit.images)) target[i] = edit.to;
      const s = edit.images.length === 1 ? '' : 's';
      return relabel(c, target, names, keys, `moved ${edit.images.length} image${s} to ${quote(names[edit.to])}`);
    }
    case 'delete': {
      for (const i of checkImages(c, edit.images)) target[i] = -1;
      const s = edit.images.length === 1 ? '' : 's';
      return relabel(c, target, names, keys, `deleted ${edit.images.length} image${s}`);
    }
    case 'add':
      return addImages(c, edit);
    case 'split': {
      const name = checkName(edit.name);
      const slot = names.length;
      for (const i of checkImages(c, edit.images)) target[i] = slot;
      keys.push(freshKey(keys, name));
      names.push(name);
      const s = edit.images.length === 1 ? '' : 's';
      return relabel(c, target, names, keys, `split ${edit.images.length} image${s} off as ${quote(name)}`);
    }
  }
}

/** The content with `edit.images` appended, relabelled; the undo forgets them (order -1) and restores `c`. */
function addImages(c: DatasetContent, edit: Extract<DatasetEdit, { kind: 'add' }>): EditResult {
  const k = edit.images.paths.length;
  assert(k > 0, 'no images to add');
  const n = c.labels.length;
  if (n > 0) {
    assert(
      edit.images.pixels.length * n === c.pixels.length * k,
      'the new images are not in the dataset’s stored form (size or channels differ)',
    );
    assert(edit.images.thumbs.length * n === c.thumbs.length * k, 'the new thumbnails do not match the dataset’s');
  }
  const names = c.identityNames.slice();
  const keys = c.identityKeys.slice();
  let slot: number;
  if (edit.identity === null) {
    const name = checkName(edit.name);
    slot = names.length;
    keys.push(freshKey(keys, name));
    names.push(name);
  } else {
    checkIdentity(c, edit.identity, 'the identity to add to');
    slot = edit.identity;
  }
  const cat = (a: Uint8Array, b: Uint8Array) => {
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const extended: DatasetContent = {
    pixels: cat(c.pixels, edit.images.pixels),
    thumbs: cat(c.thumbs, edit.images.thumbs),
    labels: Int32Array.from([...c.labels, ...new Array<number>(k).fill(slot)]),
    identityNames: names,
    identityKeys: keys,
    paths: [...c.paths, ...edit.images.paths],
  };
  const s = k === 1 ? '' : 's';
  const r = relabel(extended, extended.labels.slice(), names, keys, `added ${k} image${s} to ${quote(names[slot])}`);
  const order = r.undo.order.map((i) => (i >= n ? -1 : i));
  const before = {
    labels: c.labels.slice(),
    identityNames: c.identityNames.slice(),
    identityKeys: c.identityKeys.slice(),
    paths: c.paths.slice(),
  };
  return { ...r, undo: { ...r.undo, order, before } };
}

/** The content before the edit that produced `c` with `undo`, byte for byte. */
export function undoEdit(c: DatasetContent, undo: EditUndo): DatasetContent {
  const n = undo.before.labels.length;
  const kept = undo.order.length;
  assert(c.labels.length === kept, `this undo belongs to a dataset of ${kept} images, not ${c.labels.length}`);
  // An edit never leaves the dataset empty, so kept > 0.
  const px = c.pixels.length / kept;
  const tb = c.thumbs.length / kept;
  const pixels = new Uint8Array(n * px);
  const thumbs = new Uint8Array(n * tb);
  for (let j = 0; j < kept; j++) {
    const i = undo.order[j] as number;
    if (i < 0) continue; // added by the edit
    pixels.set(c.pixels.subarray(j * px, (j + 1) * px), i * px);
    thumbs.set(c.thumbs.subarray(j * tb, (j + 1) * tb), i * tb);
  }
  undo.removed.indices.forEach((i, k) => {
    pixels.set(undo.removed.pixels.subarray(k * px, (k + 1) * px), i * px);
    thumbs.set(undo.removed.thumbs.subarray(k * tb, (k + 1) * tb), i * tb);
  });
  return {
    pixels,
    thumbs,
    labels: undo.before.labels.slice(),
    identityNames: undo.before.identityNames.slice(),
    identityKeys: undo.before.identityKeys.slice(),
    paths: undo.before.paths.slice(),
  };
}

/** Images per identity of a content. */
export function identityCounts(c: Pick<DatasetContent, 'labels' | 'identityNames'>): Int32Array {
  const counts = new Int32Array(c.identityNames.length);
  for (const l of c.labels) counts[l] = (counts[l] as number) + 1;
  return counts;
}
