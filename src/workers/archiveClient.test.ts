/**
 * expandArchives with an in-process worker (handleArchiveRequest behind the ArchiveWorkerLike surface): archives
 * are found by magic bytes, their files come back under the archive's name, a damaged one keeps what was read
 * before the damage, and cancel terminates the worker.
 */
import { zipSync, gzipSync } from 'fflate';
import { createTarPacker } from 'modern-tar';
import { describe, expect, it } from 'vitest';
import type { ArchiveRequest, ArchiveResponse } from './archiveProtocol';
import type { ArchiveProgress, ArchiveWorkerLike } from './archiveClient';
import { expandArchives } from './archiveClient';
import { handleArchiveRequest } from './archiveHandler';

function fakeWorker(log: string[]): ArchiveWorkerLike {
  let terminated = false;
  const w: ArchiveWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: ArchiveRequest) {
      void handleArchiveRequest(message, (response: ArchiveResponse) => {
        if (!terminated) w.onmessage?.({ data: response } as MessageEvent<ArchiveResponse>);
      });
    },
    terminate() {
      terminated = true;
      log.push('terminated');
    },
  };
  return w;
}

async function tarOf(files: Record<string, Uint8Array>): Promise<Uint8Array> {
  const { readable, controller } = createTarPacker();
  const done = new Response(readable).arrayBuffer();
  for (const [name, data] of Object.entries(files)) {
    const w = controller.add({ name, size: data.length, type: 'file' }).getWriter();
    await w.write(data);
    await w.close();
  }
  controller.finalize();
  return new Uint8Array(await done);
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const blob = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>]);
const text = async (b: Blob) => Array.from(new Uint8Array(await b.arrayBuffer()));

describe('expandArchives', () => {
  it('replaces .tar.gz, .zip and .tar entries (by content) with their files; other files pass through', async () => {
    const faces = { 'faces/alice/1.jpg': bytes(5000, 1), 'faces/bob/1.jpg': bytes(300, 2) };
    const tgz = gzipSync(await tarOf(faces));
    const zip = zipSync({ 'carol/1.jpg': bytes(700, 3) });
    const tar = await tarOf({ 'dave/1.jpg': bytes(10, 4) });
    const log: string[] = [];
    const progress: ArchiveProgress[] = [];
    const out = await expandArchives(
      [
        { path: 'drop/faces.tgz', file: blob(tgz) },
        { path: 'drop/more.zip', file: blob(zip) },
        { path: 'drop/no-extension', file: blob(tar) },
        { path: 'drop/erin/1.jpg', file: blob(bytes(20, 5)) },
      ],
      { createWorker: () => fakeWorker(log), onProgress: (p) => progress.push(p) },
    );
    expect(out.skipped).toEqual([]);
    expect(out.entries.map((e) => e.path)).toEqual([
      'drop/faces/alice/1.jpg', // the lone top folder "faces" inside faces.tgz is dropped
      'drop/faces/bob/1.jpg',
      'drop/more/carol/1.jpg',
      'drop/no-extension/dave/1.jpg',
      'drop/erin/1.jpg',
    ]);
    expect(await text(out.entries[0]!.file)).toEqual(Array.from(faces['faces/alice/1.jpg']));
    expect(await text(out.entries[2]!.file)).toEqual(Array.from(bytes(700, 3)));
    expect(log).toEqual(['terminated', 'terminated', 'terminated']);
    const last = progress.filter((p) => p.name === 'drop/faces.tgz').pop();
    expect(last).toEqual({ name: 'drop/faces.tgz', bytesRead: tgz.length, total: tgz.length, files: 2 });
  });

  it('a zip cut after its first header is reported as corrupt; the files beside it pass through', async () => {
    const zip = zipSync({
      'alice/1.pgm': new Uint8Array([1]),
      'alice/': new Uint8Array(0),
      'bob/x/2.pgm': bytes(9, 2),
    });
    const out = await expandArchives(
      [
        { path: 'faces.zip', file: blob(zip) },
        { path: 'root/bad.zip', file: blob(zip.slice(0, 30)) },
        { path: 'root/a/1.jpg', file: blob(bytes(3, 1)) },
      ],
      { createWorker: () => fakeWorker([]) },
    );
    expect(out.entries.map((e) => e.path)).toEqual(['faces/alice/1.pgm', 'faces/bob/x/2.pgm', 'root/a/1.jpg']);
    expect(out.skipped.map((s) => [s.path, s.reason])).toEqual([['root/bad.zip', 'corrupt']]);
    expect(out.skipped[0]?.detail).toMatch(/^zip archive: ./);
  });

  it('a truncated archive keeps the files before the cut and is reported as corrupt', async () => {
    const big = { 'a/x/1.jpg': bytes(2000, 1), 'a/x/2.jpg': bytes(2000, 2), 'a/y/3.jpg': bytes(200_000, 3) };
    const tar = await tarOf(big);
    const cut = tar.subarray(0, 512 * 12); // the first two files whole, the third cut
    const out = await expandArchives([{ path: 'set.tar', file: blob(cut) }], { createWorker: () => fakeWorker([]) });
    expect(out.entries.map((e) => e.path)).toEqual(['set/x/1.jpg', 'set/x/2.jpg']);
    expect(out.skipped).toHaveLength(1);
    expect(out.skipped[0]).toMatchObject({ path: 'set.tar', reason: 'corrupt' });
    expect(out.skipped[0]?.detail).toMatch(/^tar archive: /);
  });

  it('cancel rejects with an AbortError and terminates the worker', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const zip = zipSync({ 'a/b/1.jpg': bytes(100, 1) });
    const never: ArchiveWorkerLike = { ...fakeWorker(log), postMessage: () => controller.abort() };
    await expect(
      expandArchives([{ path: 'x.zip', file: blob(zip) }], { createWorker: () => never, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(log).toEqual(['terminated']);
  });
});
