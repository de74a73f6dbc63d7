/**
 * Where a batch's pixels come from: a dataset's stored uint8 images, or the synthetic generator rendering them on
 * demand. The trainer sees only this.
 */
import type { SyntheticFaces } from '../data/synthetic/syntheticFaces';

export interface ImageSource {
  /** Side of the square images, in pixels. */
  size: number;
  channels: 1 | 3;
  imageCount: number;
  /** Float32 pixels in [0, 1] of `indices`, [B, size, size, channels] row-major (caller owns the array). */
  read(indices: ArrayLike<number>): Float32Array;
  /** Uint8 pixels of one image (HWC), for thumbnails. */
  image(index: number): Uint8Array;
}

const INV_255 = 1 / 255;

/** Converts HWC uint8 images to float32 in [0, 1]. */
function toFloat(bytes: Uint8Array, out: Float32Array, offset: number): void {
  for (let i = 0; i < bytes.length; i++) out[offset + i] = (bytes[i] as number) * INV_255;
}

/** Rendered synthetic images kept for reuse: rendering costs about as much as a tiny training step. */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The generator as a source: images are rendered on first read and cached up to CACHE_BYTES (all of the default
 * 2,000 images at 32×32 RGB take 6 MB); past that the cache starts afresh, so memory stays bounded at 100,000
 * identities.
 */
export function syntheticSource(faces: SyntheticFaces): ImageSource {
  const { width, channels } = faces.spec;
  const bytes = width * width * channels;
  const capacity = Math.max(1, Math.floor(CACHE_BYTES / bytes));
  const cache = new Map<number, Uint8Array>();
  const pixels = (index: number): Uint8Array => {
    let image = cache.get(index);
    if (!image) {
      if (cache.size >= capacity) cache.clear();
      image = faces.render(index);
      cache.set(index, image);
    }
    return image;
  };
  return {
    size: width,
    channels,
    imageCount: faces.imageCount,
    read(indices) {
      const out = new Float32Array(indices.length * bytes);
      for (let i = 0; i < indices.length; i++) toFloat(pixels(indices[i] as number), out, i * bytes);
      return out;
    },
    image: (index) => faces.render(index),
  };
}

/** Images held in memory as one uint8 block (an imported dataset loaded from IndexedDB). */
export function storedSource(pixels: Uint8Array, size: number, channels: 1 | 3): ImageSource {
  const bytes = size * size * channels;
  return {
    size,
    channels,
    imageCount: pixels.length / bytes,
    read(indices) {
      const out = new Float32Array(indices.length * bytes);
      for (let i = 0; i < indices.length; i++) {
        const at = (indices[i] as number) * bytes;
        toFloat(pixels.subarray(at, at + bytes), out, i * bytes);
      }
      return out;
    },
    image: (index) => pixels.slice(index * bytes, (index + 1) * bytes),
  };
}
