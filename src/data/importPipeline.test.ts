import { describe, expect, it } from 'vitest';
import type { DecodableFormat } from './formats';
import type { ImageChunk } from './importPipeline';
import { CHUNK_IMAGES, importEntries } from './importPipeline';
import type { ImportEntry } from './importPaths';
import type { SkipReason } from './importReport';
import { summaryLine } from './importReport';
import type { BitmapDecoder } from './processImage';
import { processBlob } from './processImage';
import type { RawImage } from './imageSpec';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const join = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return Uint8Array.from(out);
};
/** A binary PGM whose pixels are all `v` (different v → different hash). */
const pgm = (w: number, h: number, v: number): Uint8Array =>
  join(enc(`P5 ${w} ${h} 255\n`), new Array<number>(w * h).fill(v));
const u32be = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
/** A PNG with a valid signature, IHDR size and IEND trailer; the fake decoder "decodes" it to a flat image. */
const png = (w: number, h: number, tag: number, end = true): Uint8Array =>
  join(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    u32be(13),
    enc('IHDR'),
    u32be(w),
    u32be(h),
    [8, 2, 0, 0, 0, tag, 0, 0, 0],
    end ? join(u32be(0), enc('IEND'), [0xae, 0x42, 0x60, 0x82]) : [],
  );
const jpeg = (tag: number): Uint8Array =>
  join(
    [0xff, 0xd8, 0xff, 0xc0],
    [0, 17, 8],
    [0, 10],
    [0, 12],
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [tag],
    [0xff, 0xd9],
  );

/** Fake createImageBitmap: a flat RGBA image whose value is the fixture's tag byte; tag 0xEE means undecodable. */
const fakeDecoder: BitmapDecoder = async (bytes: Uint8Array, format: DecodableFormat, resize): Promise<RawImage> => {
  const tag = (format === 'png' ? bytes[29] : bytes[bytes.length - 3]) as number;
  if (tag === 0xee) throw new Error('EncodingError: the source image cannot be decoded');
  const w = resize?.width ?? 20;
  const h = resize?.height ?? 20;
  return { width: w, height: h, channels: 4, data: new Uint8Array(w * h * 4).fill(tag) };
};

const spec = { width: 8, height: 8, channels: 1 as const };
const processor = { process: (file: Blob, name: string) => processBlob(file, name, spec, fakeDecoder) };
const entry = (path: string, bytes: Uint8Array): ImportEntry => ({
  path,
  file: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});

async function run(entries: ImportEntry[], onChunk?: (c: ImageChunk) => Promise<void>, signal?: AbortSignal) {
  const chunks: ImageChunk[] = [];
  const report = await importEntries(entries, {
    spec,
    processor,
    signal,
    onChunk: onChunk ?? (async (c) => void chunks.push(c)),
  });
  return { report, chunks };
}

describe('importEntries', () => {
  it('names every kind of bad input, file by file, and keeps the good ones', async () => {
    const heic = join(u32be(24), enc('ftypheic'), u32be(0), enc('mif1heic'));
    const { report, chunks } = await run([
      entry('root/alice/1.pgm', pgm(16, 16, 10)),
      entry('root/alice/2.pgm', pgm(16, 16, 20)),
      entry('root/alice/2-copy.pgm', pgm(16, 16, 20)),
      entry('root/bob/1.pgm', pgm(16, 16, 10)),
      entry('root/bob/2.png', png(30, 40, 7)),
      entry('root/bob/3.jpg', jpeg(9)),
      entry('root/bob/empty.jpg', new Uint8Array(0)),
      entry('root/bob/notes.txt', enc('hello, not an image')),
      entry('root/bob/fake.jpg', enc('hello, not an image')),
      entry('root/bob/phone.heic', heic),
      entry('root/bob/scan.tif', join(enc('II*\0'), [8, 0, 0, 0])),
      entry('root/bob/cut.pgm', pgm(16, 16, 30).subarray(0, 100)),
      entry('root/bob/cut.png', png(30, 40, 8, false)),
      entry('root/bob/bad.jpg', jpeg(0xee)),
      entry('root/bob/huge.png', png(20000, 20000, 5)),
      entry('root/carol/only.pgm', pgm(16, 16, 40)),
      entry('root/stray.pgm', pgm(16, 16, 50)),
      entry('root/.DS_Store', enc('junk')),
      entry('root/set-b/dave/1.pgm', pgm(16, 16, 60)),
      entry('root/set-b/dave/2.pgm', pgm(16, 16, 70)),
    ]);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason])) as Record<string, SkipReason>;
    expect(reasons).toEqual({
      'root/.DS_Store': 'systemFile',
      'root/alice/2.pgm': 'duplicateInIdentity', // "2-copy.pgm" sorts first and is kept
      'root/bob/1.pgm': 'duplicateAcrossIdentities',
      'root/bob/empty.jpg': 'zeroByte',
      'root/bob/notes.txt': 'nonImage',
      'root/bob/fake.jpg': 'corrupt',
      'root/bob/phone.heic': 'unsupportedFormat',
      'root/bob/scan.tif': 'unsupportedFormat',
      'root/bob/cut.pgm': 'truncated',
      'root/bob/cut.png': 'truncated',
      'root/bob/bad.jpg': 'corrupt',
      'root/bob/huge.png': 'tooLarge',
      'root/stray.pgm': 'noIdentityFolder',
    });
    expect(report.skipped.find((s) => s.path === 'root/bob/phone.heic')?.detail).toBe('HEIC/HEIF');
    expect(report.skipped.find((s) => s.path === 'root/bob/1.pgm')?.detail).toBe('same bytes as root/alice/1.pgm');
    expect(report.identities).toBe(4);
    expect(report.images).toBe(7);
    expect(report.singleImageIdentities).toEqual(['carol']);
    expect(report.stopped).toBeUndefined();
    expect(chunks).toHaveLength(1);
    const c = chunks[0] as ImageChunk;
    expect(c.newIdentities.map((x) => x.key)).toEqual(['root/alice', 'root/bob', 'root/carol', 'root/set-b/dave']);
    expect(c.paths).toEqual([
      'root/alice/1.pgm',
      'root/alice/2-copy.pgm',
      'root/bob/2.png',
      'root/bob/3.jpg',
      'root/carol/only.pgm',
      'root/set-b/dave/1.pgm',
      'root/set-b/dave/2.pgm',
    ]);
    expect(Array.from(c.labels)).toEqual([0, 0, 1, 1, 2, 3, 3]);
    // Flat images stay flat through crop + resize: the stored pixel is the decoded value.
    expect([0, 1, 2, 3, 4].map((k) => c.pixels[k * 64 + 27])).toEqual([10, 20, 7, 9, 40]);
    expect(c.thumbs.length).toBe(7 * 64); // 8×8 spec: the thumbnail is the image size
    const line = summaryLine(report);
    expect(line).toContain('4 identities, 7 images; skipped 13 files');
    expect(line).toContain('2 unsupported format (HEIC/HEIF, TIFF (or a camera raw built on it))');
    expect(line).toContain('; 1 single-image identity (never anchors)');
  });

  it('stores chunks of CHUNK_IMAGES with global labels across chunk boundaries', async () => {
    const entries: ImportEntry[] = [];
    for (let k = 0; k < 600; k++)
      entries.push(
        entry(
          `r/id${String(Math.floor(k / 100)).padStart(2, '0')}/${String(k).padStart(4, '0')}.pgm`,
          pgm(4, 4 + (k % 50), k % 256),
        ),
      );
    const { report, chunks } = await run(entries);
    expect(chunks.map((c) => c.count)).toEqual([CHUNK_IMAGES, CHUNK_IMAGES, 600 - 2 * CHUNK_IMAGES]);
    expect(chunks.map((c) => c.firstNewIdentity)).toEqual([0, 3, 6]);
    expect(chunks.map((c) => c.newIdentities.length)).toEqual([3, 3, 0]); // the last chunk continues identity 5
    const labels = chunks.flatMap((c) => Array.from(c.labels));
    expect(labels).toEqual(Array.from({ length: 600 }, (_, k) => Math.floor(k / 100)));
    expect(report.images).toBe(600);
    expect(report.identities).toBe(6);
  });

  it('takes the entries: the array is emptied when the import starts, every file still decoded in path order', async () => {
    const entries = [
      entry('r/b/1.pgm', pgm(4, 4, 3)),
      entry('r/a/2.pgm', pgm(4, 4, 2)),
      entry('r/a/1.pgm', pgm(4, 4, 1)),
    ];
    const files = [entries[2]?.file, entries[1]?.file, entries[0]?.file];
    const seen: Blob[] = [];
    const report = await importEntries(entries, {
      spec,
      processor: {
        process: (file: Blob, name: string) => (seen.push(file), processBlob(file, name, spec, fakeDecoder)),
      },
      onChunk: async () => undefined,
    });
    expect(entries).toEqual([]);
    expect(report.images).toBe(3);
    expect(seen).toEqual(files);
    expect(seen.every((f, i) => f === files[i])).toBe(true);
  });

  it('keeps what fit when the quota runs out', async () => {
    const entries = Array.from({ length: 700 }, (_, k) =>
      entry(`r/p${k % 7}/${String(k).padStart(4, '0')}.pgm`, pgm(5, 5 + (k % 60), k % 256)),
    );
    let calls = 0;
    const { report } = await run(entries, async () => {
      if (++calls === 2) throw new DOMException('quota', 'QuotaExceededError');
    });
    expect(report.images).toBe(CHUNK_IMAGES);
    expect(report.stopped?.by).toBe('quotaExceeded');
    expect(report.skipped.filter((s) => s.reason === 'quotaExceeded')).toHaveLength(CHUNK_IMAGES);
    expect(report.stopped?.notAttempted).toBe(700 - 2 * CHUNK_IMAGES);
  });

  it('cancels without losing what was consumed', async () => {
    const controller = new AbortController();
    const entries = Array.from({ length: 300 }, (_, k) =>
      entry(`r/a/${String(k).padStart(4, '0')}.pgm`, pgm(6, 6 + (k % 40), k % 256)),
    );
    let n = 0;
    const slow = {
      process: async (file: Blob, name: string) => {
        if (++n === 50) controller.abort();
        return processBlob(file, name, spec, fakeDecoder);
      },
    };
    const chunks: ImageChunk[] = [];
    const report = await importEntries(entries, {
      spec,
      processor: slow,
      signal: controller.signal,
      window: 4,
      onChunk: async (c) => void chunks.push(c),
    });
    expect(report.stopped?.by).toBe('cancel');
    expect(report.images).toBeGreaterThan(0);
    expect(report.images).toBeLessThan(50);
    expect(chunks.reduce((s, c) => s + c.count, 0)).toBe(report.images);
    expect(report.images + (report.stopped?.notAttempted ?? 0)).toBe(300);
  });
});
