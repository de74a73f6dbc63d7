/**
 * Which images belong to which identity, as compressed rows (CSR): identity slot s is identity `ids[s]` and owns the
 * image indices `images[offsets[s] .. offsets[s+1])`. Built for one split (train or validation) so samplers only
 * see the identities they may draw. Image indices point into the dataset (stored or generated lazily).
 */
import { assert } from '../common/assert';

export interface IdentityIndex {
  /** [S] identity id of each slot. */
  ids: Int32Array;
  /** [S + 1] start of each slot's run in `images`. */
  offsets: Int32Array;
  /** [N] dataset image indices, grouped by slot. */
  images: Int32Array;
}

export function slotSize(index: IdentityIndex, slot: number): number {
  return (index.offsets[slot + 1] as number) - (index.offsets[slot] as number);
}

export function slotCount(index: IdentityIndex): number {
  return index.ids.length;
}

/**
 * Index of a dataset whose images are stored identity by identity: identity i owns `counts[i]` consecutive images.
 * @param identities the identity ids to include (default: all), e.g. the train split
 */
export function indexFromCounts(counts: ArrayLike<number>, identities?: ArrayLike<number>): IdentityIndex {
  const starts = new Float64Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  const ids = identities ? Int32Array.from(identities) : Int32Array.from({ length: counts.length }, (_, i) => i);
  const offsets = new Int32Array(ids.length + 1);
  for (let s = 0; s < ids.length; s++) offsets[s + 1] = (offsets[s] as number) + (counts[ids[s] as number] as number);
  const images = new Int32Array(offsets[ids.length] as number);
  for (let s = 0; s < ids.length; s++) {
    const id = ids[s] as number;
    assert(id >= 0 && id < counts.length, `identity ${id} out of range`);
    for (let k = 0; k < (counts[id] as number); k++) images[(offsets[s] as number) + k] = (starts[id] as number) + k;
  }
  return { ids, offsets, images };
}

/**
 * Index from a label per image (any order), optionally restricted to some images (e.g. MNIST's official train
 * split) and to some identities. Slots come in ascending identity order; images keep ascending order.
 */
export function indexFromLabels(
  labels: ArrayLike<number>,
  options: { images?: ArrayLike<number>; identities?: ArrayLike<number> } = {},
): IdentityIndex {
  const keep = options.identities ? new Set(Array.from(options.identities)) : null;
  const pick = options.images
    ? Array.from(options.images).sort((a, b) => a - b)
    : Array.from({ length: labels.length }, (_, i) => i);
  const byId = new Map<number, number[]>();
  for (const image of pick) {
    const id = labels[image] as number;
    if (keep && !keep.has(id)) continue;
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push(image);
  }
  const ids = Int32Array.from([...byId.keys()].sort((a, b) => a - b));
  const offsets = new Int32Array(ids.length + 1);
  const images: number[] = [];
  ids.forEach((id, s) => {
    images.push(...(byId.get(id) as number[]));
    offsets[s + 1] = images.length;
  });
  return { ids, offsets, images: Int32Array.from(images) };
}
