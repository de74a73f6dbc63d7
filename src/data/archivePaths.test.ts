import { describe, expect, it } from 'vitest';
import { placeArchiveFiles } from './archivePaths';
import { classifyPath } from './importPaths';

const blob = new Blob([]);
const place = (archive: string, paths: string[]): string[] =>
  placeArchiveFiles(
    archive,
    paths.map((path) => ({ path, file: blob })),
  ).map((e) => e.path);

describe('placeArchiveFiles', () => {
  it('puts the files under the archive name without its extension', () => {
    expect(place('faces.tar.gz', ['alice/1.jpg', 'bob/1.jpg'])).toEqual(['faces/alice/1.jpg', 'faces/bob/1.jpg']);
    expect(place('drop/faces.zip', ['alice/1.jpg'])).toEqual(['drop/faces/alice/1.jpg']);
  });

  it('drops a lone top folder that holds the identity folders, whatever its name', () => {
    const nested = place('lfw.tgz', ['lfw/Aaron/Aaron_0001.jpg', 'lfw/Abe/Abe_0001.jpg', '__MACOSX/lfw/._x']);
    expect(nested).toEqual(['lfw/Aaron/Aaron_0001.jpg', 'lfw/Abe/Abe_0001.jpg', 'lfw/__MACOSX/lfw/._x']);
    const flat = place('lfw.tgz', ['Aaron/Aaron_0001.jpg', 'Abe/Abe_0001.jpg']);
    expect(nested.slice(0, 2)).toEqual(flat);
    expect(classifyPath(nested[0] as string)).toEqual(classifyPath(flat[0] as string));
    expect(place('faces.zip', ['photos/alice/1.jpg'])).toEqual(['faces/alice/1.jpg']);
  });

  it('a file beside the identity folders inside the top folder stays a root file, as in the folder import', () => {
    const paths = place('class.tgz', ['faces/alice/1.jpg', 'faces/readme.png']);
    expect(paths).toEqual(['class/alice/1.jpg', 'class/readme.png']);
    expect(classifyPath(paths[1] as string)).toEqual({ kind: 'root' });
  });

  it('keeps a lone top folder that is itself the identity (its images sit directly in it)', () => {
    expect(place('alice.zip', ['alice/1.jpg', 'alice/2.jpg'])).toEqual(['alice/alice/1.jpg', 'alice/alice/2.jpg']);
    expect(classifyPath('alice/alice/1.jpg')).toMatchObject({ kind: 'image', identityName: 'alice' });
  });

  it('keeps the tree when files sit beside the top folder', () => {
    expect(place('faces.zip', ['set/alice/1.jpg', 'readme.txt'])).toEqual([
      'faces/set/alice/1.jpg',
      'faces/readme.txt',
    ]);
  });
});
