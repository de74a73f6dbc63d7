/**
 * Resample a decoded image through a similarity transform into the stored form (spec.width × spec.height, gray or
 * RGB, uint8). Bilinear with pixel centres at +0.5; when the map shrinks (more than one source pixel per output
 * pixel) each output pixel averages n × n bilinear samples spread over its own area, n = ⌈source pixels per output
 * pixel⌉ (at most 16), so a 1,000-pixel face brought down to 64 does not alias. Outside the source is black (zero),
 * as in the usual face-alignment crops. Gray from colour uses the BT.601 luma weights, as resize.ts.
 */
import type { Similarity } from './faceAlign';
import { invertSimilarity, similarityScale } from './faceAlign';
import type { ImageSpec, RawImage } from './imageSpec';

const MAX_SUPERSAMPLE = 16;

/**
 * @param toOutput source → output coordinates (e.g. from alignEyes)
 * @returns a new Uint8Array [spec.height, spec.width, spec.channels] (caller owns it)
 */
export function warpSimilarity(src: RawImage, toOutput: Similarity, spec: ImageSpec): Uint8Array {
  const inv = invertSimilarity(toOutput);
  const n = Math.min(MAX_SUPERSAMPLE, Math.max(1, Math.ceil(1 / similarityScale(toOutput) - 1e-9)));
  const { width: W, height: H, channels: C } = spec;
  const sw = src.width;
  const sh = src.height;
  const sc = src.channels;
  const d = src.data;
  const colour = sc >= 3;
  const out = new Uint8Array(W * H * C);
  let r = 0;
  let g = 0;
  let b = 0;
  const weight = 1 / (n * n);

  /** Adds w × the source pixel (px, py) to r, g, b; pixels outside the image add nothing (black). */
  const add = (px: number, py: number, w: number): void => {
    if (w === 0 || px < 0 || py < 0 || px >= sw || py >= sh) return;
    const p = (py * sw + px) * sc;
    r += w * (d[p] as number);
    if (colour) {
      g += w * (d[p + 1] as number);
      b += w * (d[p + 2] as number);
    }
  };

  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      r = g = b = 0;
      for (let si = 0; si < n; si++)
        for (let sj = 0; sj < n; sj++) {
          const u = j + (sj + 0.5) / n;
          const v = i + (si + 0.5) / n;
          // Source position in index space (pixel centres on integers).
          const x = inv.a * u - inv.b * v + inv.tx - 0.5;
          const y = inv.b * u + inv.a * v + inv.ty - 0.5;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const fx = x - x0;
          const fy = y - y0;
          add(x0, y0, weight * (1 - fx) * (1 - fy));
          add(x0 + 1, y0, weight * fx * (1 - fy));
          add(x0, y0 + 1, weight * (1 - fx) * fy);
          add(x0 + 1, y0 + 1, weight * fx * fy);
        }
      const o = (i * W + j) * C;
      if (C === 1) out[o] = clamp(colour ? 0.299 * r + 0.587 * g + 0.114 * b : r);
      else if (colour) {
        out[o] = clamp(r);
        out[o + 1] = clamp(g);
        out[o + 2] = clamp(b);
      } else out[o] = out[o + 1] = out[o + 2] = clamp(r);
    }
  return out;
}

const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)));
