/**
 * Image formats by magic bytes, never by file extension, and their pixel size read from the header (so a huge image
 * is refused before it is decoded). Browser formats are decoded by createImageBitmap; netpbm by netpbm.ts.
 */

/** Formats the lab decodes: the browser ones via createImageBitmap, netpbm in TypeScript. */
export type DecodableFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif' | 'pgm' | 'ppm';

export type Sniffed =
  | { kind: 'decodable'; format: DecodableFormat }
  /** A recognised image format the lab cannot decode; `name` is shown to the user (e.g. "HEIC"). */
  | { kind: 'unsupported'; name: string }
  | { kind: 'unknown' };

export const MIME: Record<DecodableFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
  pgm: 'image/x-portable-graymap',
  ppm: 'image/x-portable-pixmap',
};

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/** Identify a file from its first bytes (32 are enough). */
export function sniffFormat(bytes: Uint8Array): Sniffed {
  const b = (i: number): number => bytes[i] ?? -1;
  const n = bytes.length;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return { kind: 'decodable', format: 'jpeg' };
  if (n >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'decodable', format: 'png' };
  if (n >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
    return { kind: 'decodable', format: 'gif' };
  }
  if (n >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return { kind: 'decodable', format: 'webp' };
  if (n >= 18 && b(0) === 0x42 && b(1) === 0x4d && BMP_DIB_SIZES.has(readU32LE(bytes, 14))) {
    return { kind: 'decodable', format: 'bmp' };
  }
  if (b(0) === 0x50 && isSpace(bytes[2])) {
    const digit = b(1) - 0x30;
    if (digit === 2 || digit === 5) return { kind: 'decodable', format: 'pgm' };
    if (digit === 3 || digit === 6) return { kind: 'decodable', format: 'ppm' };
    if (digit === 1 || digit === 4) return { kind: 'unsupported', name: 'PBM (1-bit netpbm)' };
  }
  if (n >= 3 && ascii(bytes, 0, 3) === 'P7\n') return { kind: 'unsupported', name: 'PAM (netpbm P7)' };
  if (n >= 12 && ascii(bytes, 4, 4) === 'ftyp') {
    const brands = [ascii(bytes, 8, 4)];
    // Compatible brands follow the minor version; a file may declare its family only there.
    const boxSize = readU32BE(bytes, 0);
    for (let o = 16; o + 4 <= Math.min(boxSize, n); o += 4) brands.push(ascii(bytes, o, 4));
    if (brands.some((x) => AVIF_BRANDS.has(x))) return { kind: 'decodable', format: 'avif' };
    if (brands.some((x) => HEIF_BRANDS.has(x))) return { kind: 'unsupported', name: 'HEIC/HEIF' };
    if (brands.some((x) => x === 'crx ')) return { kind: 'unsupported', name: 'Canon CR3 raw' };
    if (brands.some((x) => x === 'jp2 ')) return { kind: 'unsupported', name: 'JPEG 2000' };
  }
  if (n >= 4 && (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*')) {
    return { kind: 'unsupported', name: 'TIFF (or a camera raw built on it)' };
  }
  if (n >= 12 && readU32BE(bytes, 0) === 12 && ascii(bytes, 4, 8) === 'jP  \r\n\x87\n')
    return { kind: 'unsupported', name: 'JPEG 2000' };
  if ((b(0) === 0xff && b(1) === 0x0a) || (n >= 8 && ascii(bytes, 4, 4) === 'JXL '))
    return { kind: 'unsupported', name: 'JPEG XL' };
  if (n >= 4 && ascii(bytes, 0, 4) === '8BPS') return { kind: 'unsupported', name: 'Photoshop PSD' };
  if (b(0) === 0 && b(1) === 0 && b(2) === 1 && b(3) === 0) return { kind: 'unsupported', name: 'ICO' };
  if (n >= 4 && readU32LE(bytes, 0) === 0x01312f76) return { kind: 'unsupported', name: 'OpenEXR' };
  const head = ascii(bytes, 0, Math.min(n, 256)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
    return { kind: 'unsupported', name: 'SVG (vector)' };
  }
  return { kind: 'unknown' };
}

export function readU32BE(bytes: Uint8Array, o: number): number {
  return (
    (((bytes[o] ?? 0) << 24) | ((bytes[o + 1] ?? 0) << 16) | ((bytes[o + 2] ?? 0) << 8) | (bytes[o + 3] ?? 0)) >>> 0
  );
}
export function readU32LE(bytes: Uint8Array, o: number): number {
  return (
    (((bytes[o + 3] ?? 0) << 24) | ((bytes[o + 2] ?? 0) << 16) | ((bytes[o + 1] ?? 0) << 8) | (bytes[o] ?? 0)) >>> 0
  );
}
const u16BE = (bytes: Uint8Array, o: number): number => ((bytes[o] ?? 0) << 8) | (bytes[o + 1] ?? 0);
const u16LE = (bytes: Uint8Array, o: number): number => ((bytes[o + 1] ?? 0) << 8) | (bytes[o] ?? 0);

export interface Dimensions {
  width: number;
  height: number;
}

/**
 * Pixel size from the header of a browser format, or null when the header is missing or unreadable (the caller
 * treats that as truncated or corrupt). netpbm sizes come from parseNetpbmHeader.
 */
export function readDimensions(bytes: Uint8Array, format: Exclude<DecodableFormat, 'pgm' | 'ppm'>): Dimensions | null {
  const n = bytes.length;
  switch (format) {
    case 'png':
      return n >= 24 && ascii(bytes, 12, 4) === 'IHDR'
        ? { width: readU32BE(bytes, 16), height: readU32BE(bytes, 20) }
        : null;
    case 'gif':
      return n >= 10 ? { width: u16LE(bytes, 6), height: u16LE(bytes, 8) } : null;
    case 'bmp': {
      if (readU32LE(bytes, 14) === 12) return n >= 26 ? { width: u16LE(bytes, 18), height: u16LE(bytes, 20) } : null;
      if (n < 26) return null;
      const w = readU32LE(bytes, 18) | 0;
      const h = readU32LE(bytes, 22) | 0; // negative height = top-down rows
      return { width: Math.abs(w), height: Math.abs(h) };
    }
    case 'webp':
      return readWebpDimensions(bytes);
    case 'jpeg':
      return readJpegDimensions(bytes);
    case 'avif':
      return null; // ISO-BMFF box walk not worth it: the browser decode is resized anyway
  }
}

function readWebpDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes.length < 30) return null;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') return { width: u16LE(bytes, 26) & 0x3fff, height: u16LE(bytes, 28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = readU32LE(bytes, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const w = (bytes[24] ?? 0) | ((bytes[25] ?? 0) << 8) | ((bytes[26] ?? 0) << 16);
    const h = (bytes[27] ?? 0) | ((bytes[28] ?? 0) << 8) | ((bytes[29] ?? 0) << 16);
    return { width: w + 1, height: h + 1 };
  }
  return null;
}

/** Walk JPEG segments to the first start-of-frame marker (SOF0–SOF15 except DHT C4, JPG C8, DAC CC). */
function readJpegDimensions(bytes: Uint8Array): Dimensions | null {
  let o = 2;
  while (o + 9 < bytes.length) {
    if (bytes[o] !== 0xff) return null;
    const marker = bytes[o + 1] as number;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    const length = u16BE(bytes, o + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: u16BE(bytes, o + 7), height: u16BE(bytes, o + 5) };
    }
    if (marker === 0xda || length < 2) return null; // scan data before any frame header
    o += 2 + length;
  }
  return null;
}

/**
 * Whether the file visibly ends where the format says it should. Browsers decode truncated JPEG/PNG/GIF files
 * silently (grey or missing rows), so the lab checks the end marker itself.
 */
export function looksTruncated(bytes: Uint8Array, format: DecodableFormat): boolean {
  const n = bytes.length;
  switch (format) {
    case 'jpeg': {
      // EOI (FF D9), allowing a little trailing padding some cameras add.
      for (let i = n - 2; i >= Math.max(0, n - 64); i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return false;
      return true;
    }
    case 'png':
      return n < 12 || ascii(bytes, n - 8, 4) !== 'IEND';
    case 'gif': {
      for (let i = n - 1; i >= Math.max(0, n - 16); i--) if (bytes[i] === 0x3b) return false;
      return true;
    }
    case 'webp':
      return n < 8 || readU32LE(bytes, 4) + 8 > n;
    case 'bmp':
      return n < 14 || readU32LE(bytes, 2) > n;
    case 'avif':
    case 'pgm':
    case 'ppm':
      return false; // netpbm checks its own length; AVIF is left to the decoder
  }
}
