/**
 * The archive reader against archives written by an independent writer: Python's tarfile (ustar, pax long names,
 * GNU long names, gzip) and zipfile (deflate, stored, bzip2), plus fflate's zipSync. Every file's bytes are compared.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveKind } from './archiveReader';
import { archiveStem, readArchive, sniffArchive } from './archiveReader';

const PYTHON = '/usr/bin/python3';
const LONG = `${'deep_folder_name/'.repeat(8)}alice/alice_0001.jpg`; // 156 characters: past ustar's 100-byte name
const WRITE = `
import io, json, os, sys, tarfile, zipfile, random
out = sys.argv[1]
rnd = random.Random(7)
files = {'faces/alice/alice_0001.jpg': bytes(rnd.randrange(256) for _ in range(3000)),
         'faces/alice/alice_0002.jpg': bytes(rnd.randrange(256) for _ in range(513)),
         'faces/bob/bob_0001.jpg': b'',
         'faces/bob/bob_0002.png': bytes(rnd.randrange(256) for _ in range(70000)),
         ${JSON.stringify(LONG)}: b'long name'}
def tar(name, fmt, mode='w'):
    with tarfile.open(os.path.join(out, name), mode, format=fmt) as t:
        d = tarfile.TarInfo('faces/alice'); d.type = tarfile.DIRTYPE; t.addfile(d)
        for path, data in files.items():
            i = tarfile.TarInfo(path); i.size = len(data); t.addfile(i, io.BytesIO(data))
        s = tarfile.TarInfo('faces/link.jpg'); s.type = tarfile.SYMTYPE; s.linkname = 'alice/alice_0001.jpg'; t.addfile(s)
tar('pax.tar', tarfile.PAX_FORMAT)
tar('gnu.tar', tarfile.GNU_FORMAT)
tar('pax.tar.gz', tarfile.PAX_FORMAT, 'w:gz')
with tarfile.open(os.path.join(out, 'ustar.tar'), 'w', format=tarfile.USTAR_FORMAT) as t:
    for path, data in files.items():
        i = tarfile.TarInfo(path); i.size = len(data); t.addfile(i, io.BytesIO(data))
with zipfile.ZipFile(os.path.join(out, 'mixed.zip'), 'w') as z:
    z.writestr('faces/', b'')
    for k, (path, data) in enumerate(files.items()):
        z.writestr(path, data, compress_type=zipfile.ZIP_DEFLATED if k % 2 == 0 else zipfile.ZIP_STORED)
    z.writestr('faces/carol/carol_0001.jpg', b'x' * 100, compress_type=zipfile.ZIP_BZIP2)
json.dump({k: list(v) for k, v in files.items()}, open(os.path.join(out, 'files.json'), 'w'))
`;

let dir = '';
let expected: Record<string, Uint8Array> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archive-'));
  const run = spawnSync(PYTHON, ['-c', WRITE, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
  const json = JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as Record<string, number[]>;
  expected = Object.fromEntries(Object.entries(json).map(([k, v]) => [k, Uint8Array.from(v)]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blobOf = (bytes: Uint8Array): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const fileBlob = (name: string): Blob => blobOf(readFileSync(join(dir, name)));

async function readAll(blob: Blob, kind: ArchiveKind, signal?: AbortSignal) {
  const files: Record<string, Uint8Array> = {};
  const skipped: { path: string; detail: string }[] = [];
  const progress: number[] = [];
  await readArchive(
    blob,
    kind,
    {
      file: async (path, parts) => void (files[path] = new Uint8Array(await new Blob(parts).arrayBuffer())),
      skip: (path, detail) => skipped.push({ path, detail }),
      progress: (bytes) => progress.push(bytes),
    },
    signal,
  );
  return { files, skipped, progress };
}

describe('sniffArchive', () => {
  it('knows zip, gzip and tar by their magic bytes, whatever the name', async () => {
    const head = async (name: string) => sniffArchive(new Uint8Array(await fileBlob(name).slice(0, 265).arrayBuffer()));
    expect(await head('ustar.tar')).toBe('tar');
    expect(await head('gnu.tar')).toBe('tar');
    expect(await head('pax.tar.gz')).toBe('tar.gz');
    expect(await head('mixed.zip')).toBe('zip');
    expect(sniffArchive(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBeNull(); // a JPEG
    expect(sniffArchive(new Uint8Array(600))).toBeNull();
  });
  it('strips the archive extension for the folder name', () => {
    expect(['faces.zip', 'a/b.TAR', 'lfw.tgz', 'lfw.tar.gz', 'x.gz'].map(archiveStem)).toEqual([
      'faces',
      'a/b',
      'lfw',
      'lfw',
      'x.gz',
    ]);
  });
});

describe('readArchive', () => {
  it.each([
    ['pax.tar', 'tar'],
    ['gnu.tar', 'tar'],
    ['pax.tar.gz', 'tar.gz'],
  ] as const)(
    '%s: every regular file with its bytes, long names whole, folders and links left out',
    async (name, kind) => {
      const blob = fileBlob(name);
      const { files, skipped, progress } = await readAll(blob, kind);
      expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
      expect(LONG.length).toBeGreaterThan(100);
      for (const [path, bytes] of Object.entries(expected)) expect(files[path], path).toEqual(bytes);
      expect(skipped).toEqual([]);
      expect(progress[progress.length - 1]).toBe(blob.size);
    },
  );

  it('ustar: a long name split into the prefix and name fields comes back whole', async () => {
    const { files } = await readAll(fileBlob('ustar.tar'), 'tar');
    expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
    expect(files[LONG]).toEqual(expected[LONG]);
    expect(files['faces/bob/bob_0002.png']).toEqual(expected['faces/bob/bob_0002.png']);
  });

  it('zip (Python zipfile): deflated and stored files; a bzip2 entry is reported and the rest read', async () => {
    const { files, skipped } = await readAll(fileBlob('mixed.zip'), 'zip');
    expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, bytes] of Object.entries(expected)) expect(files[path], path).toEqual(bytes);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.path).toBe('faces/carol/carol_0001.jpg');
    expect(skipped[0]?.detail).toBe('zip entry: compression method 12 (the lab reads stored and deflate)');
  });

  it('zip (fflate zipSync, read in 1 kB stream chunks)', async () => {
    const zipped = zipSync({
      'a/b/1.jpg': expected['faces/bob/bob_0002.png'] as Uint8Array,
      'a/c/2.jpg': [new Uint8Array([1, 2, 3]), { level: 0 }],
    });
    const chunked = new Blob(
      Array.from({ length: Math.ceil(zipped.length / 1024) }, (_, i) => zipped.slice(i * 1024, (i + 1) * 1024)),
    );
    const { files } = await readAll(chunked, 'zip');
    expect(files).toEqual({ 'a/b/1.jpg': expected['faces/bob/bob_0002.png'], 'a/c/2.jpg': new Uint8Array([1, 2, 3]) });
  });

  it('a truncated tar.gz rejects (files before the cut were handed over)', async () => {
    const bytes = readFileSync(join(dir, 'pax.tar.gz'));
    await expect(readAll(blobOf(bytes.subarray(0, Math.floor(bytes.length * 0.6))), 'tar.gz')).rejects.toThrow();
  });

  it('a tar with a damaged header rejects', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'ustar.tar')));
    bytes[1] = (bytes[1] as number) ^ 0x20; // the first header's name: checksum no longer matches
    await expect(readAll(blobOf(bytes), 'tar')).rejects.toThrow(/checksum/i);
  });

  it('a truncated zip rejects', async () => {
    const bytes = readFileSync(join(dir, 'mixed.zip'));
    await expect(readAll(blobOf(bytes.subarray(0, 2000)), 'zip')).rejects.toThrow();
  });

  it('an aborted signal stops the read with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readAll(fileBlob('pax.tar'), 'tar', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
