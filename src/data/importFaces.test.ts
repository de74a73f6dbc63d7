/** The import with a face-aligning stored form (faked here): "no face" skips, "several faces" notes, in the report. */
import { describe, expect, it } from 'vitest';
import type { Dimensions } from './formats';
import type { RawImage } from './imageSpec';
import type { ImageChunk } from './importPipeline';
import { importEntries } from './importPipeline';
import { summaryLine } from './importReport';
import type { BitmapDecoder, StoredForm } from './processImage';
import { processBlob } from './processImage';

const spec = { width: 8, height: 8, channels: 1 as const };
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** A binary PGM whose pixels are all `v`; the fake form reads "faces = v mod 10" from it. */
const pgm = (v: number): Blob =>
  new Blob([enc('P5 16 16 255\n') as Uint8Array<ArrayBuffer>, new Uint8Array(256).fill(v)]);
const noBitmaps: BitmapDecoder = () => Promise.reject(new Error('only PGM here'));

/**
 * Finds v mod 10 faces, keeps a flat image of value v; a value of 99 makes the detector throw. The route: as is
 * below 30, padded in the 30s and 40s, whole-frame landmarks from 50.
 */
const form: StoredForm = {
  decodeSize: (): Dimensions | null => null,
  toStored: (raw: RawImage) => {
    const v = raw.data[0] as number;
    if (v === 99) return Promise.resolve({ ok: false, reason: 'faceDetectionFailed', detail: 'wasm out of memory' });
    const faces = v % 10;
    if (faces === 0) return Promise.resolve({ ok: false, reason: 'noFace' });
    const route = v < 30 ? 'detected' : v < 50 ? 'detectedPadded' : 'landmarksWholeFrame';
    return Promise.resolve({ ok: true, pixels: new Uint8Array(64).fill(v), faces, route });
  },
};

describe('importEntries with face alignment', () => {
  it('skips images without a face, notes those with several (how many) and each route, stores the aligned pixels', async () => {
    const chunks: ImageChunk[] = [];
    const report = await importEntries(
      [
        { path: 'f/ann/1.pgm', file: pgm(11) },
        { path: 'f/ann/2.pgm', file: pgm(20) },
        { path: 'f/ann/3.pgm', file: pgm(33) },
        { path: 'f/ann/4.pgm', file: pgm(99) },
        { path: 'f/ben/1.pgm', file: pgm(41) },
        { path: 'f/ben/2.pgm', file: pgm(52) },
      ],
      {
        spec,
        processor: { process: (file, name) => processBlob(file, name, spec, noBitmaps, form) },
        onChunk: async (c) => void chunks.push(c),
      },
    );
    expect(report.skipped).toEqual([
      { path: 'f/ann/2.pgm', reason: 'noFace' },
      { path: 'f/ann/4.pgm', reason: 'faceDetectionFailed', detail: 'wasm out of memory' },
    ]);
    expect(report.severalFaces).toEqual([
      { path: 'f/ann/3.pgm', faces: 3 },
      { path: 'f/ben/2.pgm', faces: 2 },
    ]);
    expect(report.images).toBe(4);
    expect(report.alignRoutes).toEqual({ detected: 1, detectedPadded: 2, landmarksWholeFrame: 1 });
    expect(report.alignedBy).toEqual([
      { path: 'f/ann/3.pgm', route: 'detectedPadded' },
      { path: 'f/ben/1.pgm', route: 'detectedPadded' },
      { path: 'f/ben/2.pgm', route: 'landmarksWholeFrame' },
    ]);
    expect(chunks[0]?.paths).toEqual(['f/ann/1.pgm', 'f/ann/3.pgm', 'f/ben/1.pgm', 'f/ben/2.pgm']);
    // The stored pixels and thumbnails are the form's (flat 11, 33, 41, 52), not a centre crop of the file.
    expect(Array.from(chunks[0]?.pixels ?? []).filter((_, i) => i % 64 === 0)).toEqual([11, 33, 41, 52]);
    expect(Array.from(chunks[0]?.thumbs ?? []).filter((_, i) => i % 64 === 0)).toEqual([11, 33, 41, 52]);
    expect(summaryLine(report)).toBe(
      '2 identities, 4 images; skipped 2 files: 1 no face found, 1 face detection failed; ' +
        '2 images with several faces (largest kept); ' +
        'aligned: 1 face detected, 2 face detected with a margin, 1 aligned from whole-frame landmarks',
    );
  });

  it('without alignment the report has no face notes', async () => {
    const report = await importEntries([{ path: 'f/ann/1.pgm', file: pgm(11) }], {
      spec,
      processor: { process: (file, name) => processBlob(file, name, spec, noBitmaps) },
      onChunk: async () => undefined,
    });
    expect(report.severalFaces).toBeUndefined();
    expect(report.alignRoutes).toBeUndefined();
    expect(summaryLine(report)).toBe(
      '1 identities, 1 images; nothing skipped; 1 single-image identity (never anchors)',
    );
  });
});
