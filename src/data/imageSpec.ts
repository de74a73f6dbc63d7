/**
 * The stored form of every dataset image: centre-cropped to the dataset's aspect, resized to its resolution,
 * grayscale or RGB, uint8, interleaved (HWC). Originals are never kept.
 */
import { assert } from '../common/assert';

export type Channels = 1 | 3;

/** Size and channels of a dataset's stored images. */
export interface ImageSpec {
  width: number;
  height: number;
  channels: Channels;
}

/** A decoded image before resizing: interleaved 8-bit pixels, 1 (gray), 3 (RGB) or 4 (RGBA) channels. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export const MIN_RESOLUTION = 32;
export const MAX_RESOLUTION = 160;
export const DEFAULT_RESOLUTION = 64;
/** Side of the square thumbnail stored next to each image (the image itself when the resolution is this small). */
export const THUMB_SIZE = 32;

/** A square spec at `resolution` (32 to 160), checked. */
export function squareSpec(resolution: number, channels: Channels): ImageSpec {
  assert(
    Number.isInteger(resolution) && resolution >= MIN_RESOLUTION && resolution <= MAX_RESOLUTION,
    `resolution must be an integer in [${MIN_RESOLUTION}, ${MAX_RESOLUTION}], got ${resolution}`,
  );
  return { width: resolution, height: resolution, channels };
}

/** Bytes of one stored image. */
export function imageBytes(spec: ImageSpec): number {
  return spec.width * spec.height * spec.channels;
}

/** The thumbnail spec of a dataset: THUMB_SIZE square, or the image size when smaller. */
export function thumbSpec(spec: ImageSpec): ImageSpec {
  const side = Math.min(THUMB_SIZE, spec.width, spec.height);
  return { width: side, height: side, channels: spec.channels };
}
