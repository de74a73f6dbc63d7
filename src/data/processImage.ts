/**
 * The pure heart of the decode worker: one file's bytes → stored pixels + thumbnail + content hash, or the reason it
 * is skipped. Browser formats go through an injected `BitmapDecoder` (createImageBitmap in the worker, a fake in
 * Node tests); PGM/PPM are parsed here. Never throws for bad input: every failure becomes a SkipReason.
 */
import { assertNever } from '../common/assert';
import type { DecodableFormat, Dimensions } from './formats';
import { looksTruncated, readDimensions, sniffFormat } from './formats';
import { readJpegOrientation, swapsAxes } from './exifOrientation';
import { fnv1a64 } from './hash';
import type { ImageSpec, RawImage } from './imageSpec';
import { thumbSpec } from './imageSpec';
import { MAX_FILE_BYTES, MAX_PIXELS } from './importReport';
import type { AlignRoute, SkipReason } from './importReport';
import { NetpbmError, parseNetpbm, parseNetpbmHeader } from './netpbm';
import { toStoredImage } from './resize';
import { errorText } from '../common/errorText';

/**
 * Decodes a browser format to RGBA/RGB/gray, honouring EXIF orientation, optionally resized while decoding to
 * `resize` (oriented width × height). Rejects on undecodable data.
 */
export type BitmapDecoder = (
  bytes: Uint8Array,
  format: DecodableFormat,
  resize: Dimensions | null,
) => Promise<RawImage>;

export type ProcessOutcome =
  | {
      ok: true;
      hash: string;
      format: DecodableFormat;
      /** Original size after orientation. */
      width: number;
      height: number;
      /** [spec.height, spec.width, spec.channels] uint8. */
      pixels: Uint8Array;
      /** [thumb, thumb, spec.channels] uint8. */
      thumb: Uint8Array;
      /** Faces found, when the stored form aligns faces (the largest was kept); absent otherwise. */
      faces?: number;
      /** How the face was found, when the stored form aligns faces. */
      route?: AlignRoute;
      /** The kept face's box and the eye centres it was aligned on, in the decoded image's pixels (width × height). */
      face?: DetectedFaceGeometry;
    }
  | { ok: false; reason: SkipReason; detail?: string; hash?: string };

export interface DetectedFaceGeometry {
  box: { x: number; y: number; width: number; height: number };
  eyes: { left: { x: number; y: number }; right: { x: number; y: number } };
}

const IMAGE_EXTENSIONS = /\.(jpe?g|jfif|png|webp|gif|bmp|dib|avif|pgm|ppm|pnm|heic|heif|tiff?)$/i;

/**
 * The largest short side the browser decode should deliver: twice the target, so the browser's resampler does the
 * bulk of the shrink and our box filter finishes it (browser bench, 2,000 JPEGs of 250²: 318 images/s at 4×,
 * 532 at 2× with a reused read-back canvas).
 */
export function decodeResize(width: number, height: number, spec: ImageSpec): Dimensions | null {
  const want = 2 * Math.max(spec.width, spec.height);
  const short = Math.min(width, height);
  if (short <= want) return null;
  const k = want / short;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** The pixels of a stored form, or why the image cannot have one (e.g. no face to align). */
export type FormResult =
  | {
      ok: true;
      pixels: Uint8Array;
      faces?: number;
      route?: AlignRoute;
      /** The eye centres the alignment put level, in the decoded image's pixels. */
      eyes?: DetectedFaceGeometry['eyes'];
      /** The detected face's box, in the decoded image's pixels (the whole frame for whole-frame landmarks). */
      box?: DetectedFaceGeometry['box'];
    }
  | { ok: false; reason: SkipReason; detail?: string };

/**
 * How a decoded image becomes its stored pixels: the size to decode at, then the pixels. The default centre-crops
 * and resizes; face alignment (src/workers/faceAlignForm.ts) detects, aligns and warps instead.
 */
export interface StoredForm {
  /** The oriented size to decode a width × height image at (null: full size). */
  decodeSize(width: number, height: number, spec: ImageSpec): Dimensions | null;
  /** @returns pixels [spec.height, spec.width, spec.channels] uint8 (caller owns them), or a skip */
  toStored(raw: RawImage, spec: ImageSpec): Promise<FormResult>;
}

export const CENTRE_CROP: StoredForm = {
  decodeSize: decodeResize,
  toStored: (raw, spec) => Promise.resolve({ ok: true, pixels: toStoredImage(raw, spec) }),
};

/** Everything after the bytes are in hand. `name` is only used to word a failure (an ".jpg" that is not one). */
export async function processImageBytes(
  bytes: Uint8Array,
  name: string,
  spec: ImageSpec,
  decodeBitmap: BitmapDecoder,
  form: StoredForm = CENTRE_CROP,
): Promise<ProcessOutcome> {
  if (bytes.length === 0) return { ok: false, reason: 'zeroByte' };
  const sniffed = sniffFormat(bytes.subarray(0, 512));
  switch (sniffed.kind) {
    case 'unknown':
      return IMAGE_EXTENSIONS.test(name)
        ? { ok: false, reason: 'corrupt', detail: 'the name says image but the content is not a known image format' }
        : { ok: false, reason: 'nonImage' };
    case 'unsupported':
      return { ok: false, reason: 'unsupportedFormat', detail: sniffed.name };
    case 'decodable':
      break;
    default:
      return assertNever(sniffed);
  }
  const format = sniffed.format;
  if (bytes.length > MAX_FILE_BYTES)
    return { ok: false, reason: 'tooLarge', detail: `${(bytes.length / 2 ** 20).toFixed(1)} MB` };
  const hash = fnv1a64(bytes);
  let raw: RawImage;
  if (format === 'pgm' || format === 'ppm') {
    try {
      const h = parseNetpbmHeader(bytes);
      if (h.width * h.height > MAX_PIXELS)
        return { ok: false, reason: 'tooLarge', detail: `${h.width}×${h.height}`, hash };
      raw = parseNetpbm(bytes);
    } catch (e) {
      if (e instanceof NetpbmError) return { ok: false, reason: e.kind, detail: e.message, hash };
      throw e;
    }
  } else {
    let dims = readDimensions(bytes, format);
    if (dims === null && format !== 'avif')
      return { ok: false, reason: 'truncated', detail: 'no readable image header', hash };
    if (dims !== null && dims.width * dims.height === 0)
      return { ok: false, reason: 'corrupt', detail: 'image header says 0 pixels', hash };
    if (dims !== null && dims.width * dims.height > MAX_PIXELS) {
      return { ok: false, reason: 'tooLarge', detail: `${dims.width}×${dims.height}`, hash };
    }
    if (looksTruncated(bytes, format))
      return { ok: false, reason: 'truncated', detail: `${format.toUpperCase()} end marker missing`, hash };
    if (dims !== null && format === 'jpeg' && swapsAxes(readJpegOrientation(bytes)))
      dims = { width: dims.height, height: dims.width };
    try {
      raw = await decodeBitmap(bytes, format, dims === null ? null : form.decodeSize(dims.width, dims.height, spec));
    } catch (e) {
      const message = errorText(e);
      return format === 'avif'
        ? { ok: false, reason: 'unsupportedFormat', detail: 'AVIF (this browser could not decode it)', hash }
        : { ok: false, reason: 'corrupt', detail: message, hash };
    }
  }
  const stored = await form.toStored(raw, spec);
  if (!stored.ok) return { ...stored, hash };
  const pixels = stored.pixels;
  const thumb = toStoredImage(
    { width: spec.width, height: spec.height, channels: spec.channels, data: pixels },
    thumbSpec(spec),
  );
  return {
    ok: true,
    hash,
    format,
    width: raw.width,
    height: raw.height,
    pixels,
    thumb,
    ...(stored.faces === undefined ? {} : { faces: stored.faces }),
    ...(stored.route === undefined ? {} : { route: stored.route }),
    ...(stored.box && stored.eyes ? { face: { box: stored.box, eyes: stored.eyes } } : {}),
  };
}

/**
 * Read a Blob and process it. Refuses files over MAX_FILE_BYTES after sniffing only their head, so a 2 GB video is
 * not read whole.
 */
export async function processBlob(
  file: Blob,
  name: string,
  spec: ImageSpec,
  decodeBitmap: BitmapDecoder,
  form: StoredForm = CENTRE_CROP,
): Promise<ProcessOutcome> {
  if (file.size === 0) return { ok: false, reason: 'zeroByte' };
  let bytes: Uint8Array;
  try {
    if (file.size > MAX_FILE_BYTES) {
      const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
      const sniffed = sniffFormat(head);
      if (sniffed.kind === 'decodable')
        return { ok: false, reason: 'tooLarge', detail: `${(file.size / 2 ** 20).toFixed(1)} MB` };
      return processImageBytes(head, name, spec, decodeBitmap, form);
    }
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: errorText(e) };
  }
  return processImageBytes(bytes, name, spec, decodeBitmap, form);
}
