/**
 * EXIF orientation (tag 0x0112) of a JPEG. Chromium's createImageBitmap(blob, { imageOrientation: 'from-image' })
 * already rotates the pixels, so the lab only needs the tag to know whether the decoded width and height are swapped
 * relative to the SOF header (orientations 5–8), e.g. to ask createImageBitmap for a resize of the right aspect.
 */
import { readU32BE, readU32LE } from './formats';

/** The orientation 1–8, or 1 when absent or unreadable. */
export function readJpegOrientation(bytes: Uint8Array): number {
  let o = 2;
  while (o + 4 < bytes.length && bytes[o] === 0xff) {
    const marker = bytes[o + 1] as number;
    const length = ((bytes[o + 2] ?? 0) << 8) | (bytes[o + 3] ?? 0);
    if (marker === 0xda || marker === 0xd9) return 1;
    if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(o + 4, o + 10)) === 'Exif\0\0') {
      return readTiffOrientation(bytes.subarray(o + 10, o + 2 + length));
    }
    o += 2 + length;
  }
  return 1;
}

function readTiffOrientation(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49;
  const u16 = (i: number): number =>
    little ? (tiff[i] ?? 0) | ((tiff[i + 1] ?? 0) << 8) : ((tiff[i] ?? 0) << 8) | (tiff[i + 1] ?? 0);
  const u32 = (i: number): number => (little ? readU32LE(tiff, i) : readU32BE(tiff, i));
  const ifd = u32(4);
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Orientations 5–8 rotate by 90° or 270°, swapping width and height. */
export function swapsAxes(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}
