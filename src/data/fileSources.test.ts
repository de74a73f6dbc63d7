import { describe, expect, it } from 'vitest';
import type { FsEntry } from './fileSources';
import { entriesFromFileList, walkEntries } from './fileSources';

/** A fake FileSystemEntry tree whose readers return at most 2 entries per call, like Chromium's 100. */
function fakeTree(spec: Record<string, string | null>, fullPath = ''): FsEntry[] {
  const byTop = new Map<string, Record<string, string | null>>();
  const files: FsEntry[] = [];
  for (const [path, content] of Object.entries(spec)) {
    const [top, ...rest] = path.split('/') as [string, ...string[]];
    if (rest.length === 0) {
      files.push({
        isFile: true,
        isDirectory: false,
        name: top,
        fullPath: `${fullPath}/${top}`,
        file: (ok: (f: File) => void, err?: (e: DOMException) => void) =>
          content === null ? err?.(new DOMException('gone', 'NotFoundError')) : ok(new File([content], top)),
      } as FsEntry);
    } else {
      const sub = byTop.get(top) ?? {};
      sub[rest.join('/')] = content;
      byTop.set(top, sub);
    }
  }
  const dirs = [...byTop].map(([name, sub]) => {
    const children = fakeTree(sub, `${fullPath}/${name}`);
    return {
      isFile: false,
      isDirectory: true,
      name,
      fullPath: `${fullPath}/${name}`,
      createReader: () => {
        let at = 0;
        return { readEntries: (ok: (e: FsEntry[]) => void) => ok(children.slice(at, (at += 2))) };
      },
    } as FsEntry;
  });
  return [...files, ...dirs];
}

describe('file sources', () => {
  it('walks a dropped folder through batched readEntries and reports unreadable files', async () => {
    const errors: string[] = [];
    const got = await walkEntries(
      fakeTree({
        'root/a/1.jpg': 'x',
        'root/a/2.jpg': 'y',
        'root/a/3.jpg': 'z',
        'root/b/c/4.jpg': 'w',
        'root/gone.jpg': null,
        'loose.png': 'v',
      }),
      (p) => errors.push(p),
    );
    expect(got.map((e) => e.path).sort()).toEqual([
      'loose.png',
      'root/a/1.jpg',
      'root/a/2.jpg',
      'root/a/3.jpg',
      'root/b/c/4.jpg',
    ]);
    expect(errors).toEqual(['root/gone.jpg']);
  });
  it('uses webkitRelativePath when there is one', () => {
    const f = new File(['x'], '1.jpg');
    Object.defineProperty(f, 'webkitRelativePath', { value: 'faces/alice/1.jpg' });
    expect(entriesFromFileList([f, new File(['y'], 'solo.jpg')]).map((e) => e.path)).toEqual([
      'faces/alice/1.jpg',
      'solo.jpg',
    ]);
  });
});
