import { describe, expect, it } from 'vitest';
import type { RawImage } from './imageSpec';
import { centreCrop, toStoredImage } from './resize';

function randomImage(w: number, h: number, channels: 1 | 3 | 4, seed: number): RawImage {
  const data = new Uint8Array(w * h * channels);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1664525 + 1013904223) >>> 0) >>> 24;
  return { width: w, height: h, channels, data };
}

/** Naive oracle, float64: value of the crop as a piecewise-constant function, integrated over each output box. */
function oracleArea(img: RawImage, W: number, H: number): number[] {
  const crop = centreCrop(img.width, img.height, { width: W, height: H });
  const sx = crop.width / W;
  const sy = crop.height / H;
  const out: number[] = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      let sum = 0;
      for (let y = 0; y < crop.height; y++)
        for (let x = 0; x < crop.width; x++) {
          const ox = Math.max(0, Math.min(x + 1, (j + 1) * sx) - Math.max(x, j * sx));
          const oy = Math.max(0, Math.min(y + 1, (i + 1) * sy) - Math.max(y, i * sy));
          sum += ox * oy * (img.data[(crop.y + y) * img.width + crop.x + x] as number);
        }
      out.push(sum / (sx * sy));
    }
  return out;
}

/** Naive bilinear with half-pixel centres and edge clamping. */
function oracleBilinear(img: RawImage, W: number, H: number): number[] {
  const at = (x: number, y: number): number => img.data[y * img.width + x] as number;
  const out: number[] = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      const x = Math.min(Math.max(((j + 0.5) * img.width) / W - 0.5, 0), img.width - 1);
      const y = Math.min(Math.max(((i + 0.5) * img.height) / H - 0.5, 0), img.height - 1);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const y1 = Math.min(y0 + 1, img.height - 1);
      const fx = x - x0;
      const fy = y - y0;
      out.push((1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) + fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1)));
    }
  return out;
}

const expectClose = (got: Uint8Array, want: number[]): void => {
  expect(got.length).toBe(want.length);
  // Rounding to uint8 allows at most 0.5 plus float noise.
  for (let i = 0; i < want.length; i++)
    expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(0.5 + 1e-9);
};

describe('toStoredImage', () => {
  it('area-averages a non-integer downscale exactly (37×37 → 16×16)', () => {
    const img = randomImage(37, 37, 1, 3);
    expectClose(toStoredImage(img, { width: 16, height: 16, channels: 1 }), oracleArea(img, 16, 16));
  });
  it('centre-crops a wide image before area-averaging (50×31 → 8×8)', () => {
    const img = randomImage(50, 31, 1, 5);
    expect(centreCrop(50, 31, { width: 8, height: 8 })).toEqual({ x: 9, y: 0, width: 31, height: 31 });
    expectClose(toStoredImage(img, { width: 8, height: 8, channels: 1 }), oracleArea(img, 8, 8));
  });
  it('averages exact 2×2 blocks for an integer factor', () => {
    const img: RawImage = { width: 4, height: 2, channels: 1, data: Uint8Array.from([0, 2, 10, 20, 4, 6, 30, 40]) };
    expect(Array.from(toStoredImage(img, { width: 2, height: 1, channels: 1 }))).toEqual([3, 25]);
  });
  it('upscales bilinearly (7×7 → 20×20)', () => {
    const img = randomImage(7, 7, 1, 9);
    expectClose(toStoredImage(img, { width: 20, height: 20, channels: 1 }), oracleBilinear(img, 20, 20));
  });
  it('is the identity at equal size and converts RGBA → RGB and → gray (BT.601)', () => {
    const img = randomImage(5, 5, 4, 11);
    const rgb = toStoredImage(img, { width: 5, height: 5, channels: 3 });
    const gray = toStoredImage(img, { width: 5, height: 5, channels: 1 });
    for (let p = 0; p < 25; p++) {
      const [r, g, b] = [0, 1, 2].map((c) => img.data[p * 4 + c] as number) as [number, number, number];
      expect([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]]).toEqual([r, g, b]);
      expect(Math.abs((gray[p] as number) - (0.299 * r + 0.587 * g + 0.114 * b))).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });
  it('replicates gray into RGB', () => {
    const img: RawImage = { width: 1, height: 1, channels: 1, data: Uint8Array.from([77]) };
    expect(Array.from(toStoredImage(img, { width: 2, height: 2, channels: 3 }))).toEqual(new Array(12).fill(77));
  });
});
