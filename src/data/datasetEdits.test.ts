import { describe, expect, it } from 'vitest';
import { applyEdit, identityCounts, undoEdit, type DatasetContent, type DatasetEdit } from './datasetEdits';

/** 5 images of 2 pixel bytes and 1 thumb byte: a a | b | c c; every byte says which image it came from. */
function fixture(): DatasetContent {
  const labels = Int32Array.from([0, 0, 1, 2, 2]);
  return {
    pixels: Uint8Array.from([10, 11, 20, 21, 30, 31, 40, 41, 50, 51]),
    thumbs: Uint8Array.from([1, 2, 3, 4, 5]),
    labels,
    identityNames: ['alice', 'bob', 'carol'],
    identityKeys: ['alice', 'bob', 'carol'],
    paths: ['alice/1.jpg', 'alice/2.jpg', 'bob/1.jpg', 'carol/1.jpg', 'carol/2.jpg'],
  };
}

const plain = (c: DatasetContent) => ({
  pixels: Array.from(c.pixels),
  thumbs: Array.from(c.thumbs),
  labels: Array.from(c.labels),
  names: c.identityNames,
  keys: c.identityKeys,
  paths: c.paths,
});

describe('applyEdit (expected contents worked out by hand)', () => {
  it('merges carol into alice: her images follow alice’s, bob becomes identity 1', () => {
    const r = applyEdit(fixture(), { kind: 'merge', into: 0, from: 2 });
    expect(plain(r.content)).toEqual({
      pixels: [10, 11, 20, 21, 40, 41, 50, 51, 30, 31],
      thumbs: [1, 2, 4, 5, 3],
      labels: [0, 0, 0, 0, 1],
      names: ['alice', 'bob'],
      keys: ['alice', 'bob'],
      paths: ['alice/1.jpg', 'alice/2.jpg', 'carol/1.jpg', 'carol/2.jpg', 'bob/1.jpg'],
    });
    expect(r.summary).toBe('merged “carol” into “alice”');
  });

  it('merging a later identity into an earlier one renumbers the identities after it', () => {
    const r = applyEdit(fixture(), { kind: 'merge', into: 2, from: 0 });
    expect(plain(r.content).labels).toEqual([0, 1, 1, 1, 1]);
    expect(r.content.identityNames).toEqual(['bob', 'carol']);
    expect(plain(r.content).thumbs).toEqual([3, 1, 2, 4, 5]);
  });

  it('splits a mislabelled image off as a new last identity with a fresh key', () => {
    const r = applyEdit(fixture(), { kind: 'split', images: [1], name: ' dave ' });
    expect(plain(r.content)).toMatchObject({
      thumbs: [1, 3, 4, 5, 2],
      labels: [0, 1, 2, 2, 3],
      names: ['alice', 'bob', 'carol', 'dave'],
      keys: ['alice', 'bob', 'carol', 'dave#1'],
    });
  });

  it('moves images; an identity left empty disappears', () => {
    const r = applyEdit(fixture(), { kind: 'move', images: [2], to: 2 });
    expect(plain(r.content)).toMatchObject({
      thumbs: [1, 2, 3, 4, 5],
      labels: [0, 0, 1, 1, 1],
      names: ['alice', 'carol'],
    });
  });

  it('deletes images and renames identities', () => {
    const d = applyEdit(fixture(), { kind: 'delete', images: [0, 4] });
    expect(plain(d.content)).toMatchObject({
      pixels: [20, 21, 30, 31, 40, 41],
      labels: [0, 1, 2],
      paths: ['alice/2.jpg', 'bob/1.jpg', 'carol/1.jpg'],
    });
    const r = applyEdit(fixture(), { kind: 'rename', identity: 1, name: 'Robert' });
    expect(r.content.identityNames).toEqual(['alice', 'Robert', 'carol']);
    expect(r.content.identityKeys).toEqual(['alice', 'bob', 'carol']);
    expect(Array.from(identityCounts(d.content))).toEqual([1, 1, 1]);
  });

  it('adds images to an identity or as a new one, in the stored order', () => {
    const images = {
      pixels: Uint8Array.from([60, 61, 70, 71]),
      thumbs: Uint8Array.from([6, 7]),
      paths: ['cam/1.png', 'cam/2.png'],
    };
    const r = applyEdit(fixture(), { kind: 'add', identity: 1, name: '', images });
    expect(plain(r.content)).toMatchObject({
      thumbs: [1, 2, 3, 6, 7, 4, 5],
      labels: [0, 0, 1, 1, 1, 2, 2],
      names: ['alice', 'bob', 'carol'],
    });
    expect(r.summary).toBe('added 2 images to “bob”');
    const n = applyEdit(fixture(), { kind: 'add', identity: null, name: 'me', images });
    expect(plain(n.content)).toMatchObject({
      thumbs: [1, 2, 3, 4, 5, 6, 7],
      labels: [0, 0, 1, 2, 2, 3, 3],
      keys: ['alice', 'bob', 'carol', 'me#1'],
    });
    const empty = {
      pixels: new Uint8Array(0),
      thumbs: new Uint8Array(0),
      labels: new Int32Array(0),
      identityNames: [],
      identityKeys: [],
      paths: [],
    };
    expect(plain(applyEdit(empty, { kind: 'add', identity: null, name: 'me', images }).content)).toMatchObject({
      pixels: [60, 61, 70, 71],
      labels: [0, 0],
      names: ['me'],
    });
    expect(() =>
      applyEdit(fixture(), { kind: 'add', identity: 0, name: '', images: { ...images, pixels: new Uint8Array(6) } }),
    ).toThrow('not in the dataset’s stored form');
  });

  it('refuses edits that do not fit, with specific messages', () => {
    const c = fixture();
    expect(() => applyEdit(c, { kind: 'merge', into: 1, from: 1 })).toThrow('cannot be merged with itself');
    expect(() => applyEdit(c, { kind: 'merge', into: 0, from: 3 })).toThrow('identity from 0 to 2, got 3');
    expect(() => applyEdit(c, { kind: 'move', images: [9], to: 0 })).toThrow('image 9 is not in the dataset');
    expect(() => applyEdit(c, { kind: 'delete', images: [1, 1] })).toThrow('listed twice');
    expect(() => applyEdit(c, { kind: 'split', images: [], name: 'x' })).toThrow('at least one image');
    expect(() => applyEdit(c, { kind: 'rename', identity: 0, name: '  ' })).toThrow('needs a name');
    expect(() => applyEdit(c, { kind: 'delete', images: [0, 1, 2, 3, 4] })).toThrow('delete the dataset instead');
  });
});

describe('undoEdit', () => {
  const edits: DatasetEdit[] = [
    { kind: 'merge', into: 0, from: 2 },
    { kind: 'merge', into: 2, from: 0 },
    { kind: 'split', images: [3, 0], name: 'dave' },
    { kind: 'move', images: [2, 4], to: 0 },
    { kind: 'delete', images: [4, 1] },
    { kind: 'rename', identity: 2, name: 'Caroline' },
    {
      kind: 'add',
      identity: 0,
      name: '',
      images: { pixels: Uint8Array.from([1, 2]), thumbs: Uint8Array.of(9), paths: ['cam.png'] },
    },
    {
      kind: 'add',
      identity: null,
      name: 'new',
      images: { pixels: Uint8Array.from([1, 2]), thumbs: Uint8Array.of(9), paths: ['cam.png'] },
    },
  ];
  it.each(edits)('restores the content exactly after $kind', (edit) => {
    const before = fixture();
    const { content, undo } = applyEdit(before, edit);
    expect(plain(undoEdit(content, undo))).toEqual(plain(fixture()));
  });

  it('unwinds a chain of edits in reverse order', () => {
    let c = fixture();
    const undos = [];
    for (const edit of [edits[0]!, edits[2]!, edits[4]!]) {
      const r = applyEdit(c, edit.kind === 'merge' ? edit : ({ ...edit, images: [0] } as DatasetEdit));
      undos.push(r.undo);
      c = r.content;
    }
    for (const u of undos.reverse()) c = undoEdit(c, u);
    expect(plain(c)).toEqual(plain(fixture()));
  });

  it('refuses an undo that belongs to another state of the dataset', () => {
    const { undo } = applyEdit(fixture(), { kind: 'delete', images: [0] });
    expect(() => undoEdit(fixture(), undo)).toThrow('dataset of 4 images, not 5');
  });
});
