import { describe, expect, it } from 'vitest';
import { toLabRecord, newImportMeta } from './datasetMeta';
import { readJpegOrientation } from './exifOrientation';
import { looksTruncated, readDimensions, sniffFormat } from './formats';
import { decodeResize } from './processImage';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('sniffFormat and headers', () => {
  it('names formats by magic bytes, whatever the extension', () => {
    const kinds = (b: Uint8Array): string => {
      const s = sniffFormat(b);
      return s.kind === 'decodable' ? s.format : s.kind === 'unsupported' ? `!${s.name}` : '?';
    };
    expect(kinds(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(kinds(bytes('GIF89a', [1, 0, 1, 0]))).toBe('gif');
    expect(kinds(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp');
    expect(kinds(bytes('BM', new Array(12).fill(0), [40, 0, 0, 0]))).toBe('bmp');
    expect(kinds(bytes('BM not a bitmap at all'))).toBe('?');
    expect(kinds(bytes('P6\n1 1 255\n'))).toBe('ppm');
    expect(kinds(bytes('P1\n'))).toBe('!PBM (1-bit netpbm)');
    expect(kinds(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1'))).toBe('avif');
    expect(kinds(bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic'))).toBe('!HEIC/HEIF');
    expect(kinds(bytes('MM', [0, 42]))).toBe('!TIFF (or a camera raw built on it)');
    expect(kinds(bytes('<?xml version="1.0"?><svg>'))).toBe('!SVG (vector)');
    expect(kinds(bytes('%PDF-1.4'))).toBe('?');
  });
  it('reads sizes from JPEG SOF (after APP segments), WebP VP8X and BMP (negative height)', () => {
    const jpeg = bytes(
      [0xff, 0xd8],
      [0xff, 0xe0, 0, 4, 0, 0],
      [0xff, 0xc2, 0, 11, 8, 0x01, 0x2c, 0x02, 0x58, 1, 1, 0x11, 0],
    );
    expect(readDimensions(jpeg, 'jpeg')).toEqual({ width: 600, height: 300 });
    const webp = bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8X', [10, 0, 0, 0], [0, 0, 0, 0], [0x1f, 0x03, 0], [0xdf, 0x01, 0]);
    expect(readDimensions(webp, 'webp')).toEqual({ width: 800, height: 480 });
    const bmp = bytes('BM', new Array(12).fill(0), [40, 0, 0, 0], [100, 0, 0, 0], [0x9c, 0xff, 0xff, 0xff]);
    expect(readDimensions(bmp, 'bmp')).toEqual({ width: 100, height: 100 });
    expect(looksTruncated(bytes([0xff, 0xd8, 0xff, 0xd9]), 'jpeg')).toBe(false);
    expect(looksTruncated(bytes([0xff, 0xd8, 0xff, 0xc0, 0, 0]), 'jpeg')).toBe(true);
  });
  it('reads the EXIF orientation of a JPEG, big- and little-endian', () => {
    const exif = (le: boolean, o: number): Uint8Array => {
      const tiff = le
        ? bytes('II', [42, 0, 8, 0, 0, 0], [1, 0], [0x12, 0x01, 3, 0, 1, 0, 0, 0, o, 0, 0, 0])
        : bytes('MM', [0, 42, 0, 0, 0, 8], [0, 1], [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0]);
      const len = 2 + 6 + tiff.length;
      return bytes([0xff, 0xd8, 0xff, 0xe1, len >> 8, len & 255], 'Exif\0\0', Array.from(tiff), [0xff, 0xd9]);
    };
    expect(readJpegOrientation(exif(true, 6))).toBe(6);
    expect(readJpegOrientation(exif(false, 8))).toBe(8);
    expect(readJpegOrientation(bytes([0xff, 0xd8, 0xff, 0xd9]))).toBe(1);
  });
  it('asks the browser to downscale only images far larger than needed', () => {
    expect(decodeResize(120, 250, { width: 64, height: 64, channels: 1 })).toBeNull();
    expect(decodeResize(250, 250, { width: 64, height: 64, channels: 1 })).toEqual({ width: 128, height: 128 });
    expect(decodeResize(4000, 3000, { width: 64, height: 64, channels: 1 })).toEqual({ width: 171, height: 128 });
  });
});

describe('toLabRecord', () => {
  it('gives the test-hook record with skipped counts by reason', () => {
    const meta = newImportMeta('d1', 'Faces', { width: 64, height: 64, channels: 3 }, 0, 1);
    meta.images = 10;
    meta.identities = 3;
    meta.importing = false;
    meta.report = {
      identities: 3,
      images: 10,
      singleImageIdentities: [],
      skipped: [
        { path: 'a', reason: 'zeroByte' },
        { path: 'b', reason: 'zeroByte' },
        { path: 'c', reason: 'unsupportedFormat', detail: 'HEIC/HEIF' },
      ],
    };
    expect(toLabRecord(meta)).toEqual({
      id: 'd1',
      name: 'Faces',
      identities: 3,
      images: 10,
      skipped: { zeroByte: 2, unsupportedFormat: 1 },
      importing: false,
    });
  });
});
