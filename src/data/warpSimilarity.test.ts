import { describe, expect, it } from 'vitest';
import { alignEyes } from './faceAlign';
import type { RawImage } from './imageSpec';
import { warpSimilarity } from './warpSimilarity';

const IDENTITY = { a: 1, b: 0, tx: 0, ty: 0 };

function image(w: number, h: number, channels: 1 | 3 | 4, f: (x: number, y: number, c: number) => number): RawImage {
  const data = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let c = 0; c < channels; c++) data[(y * w + x) * channels + c] = f(x, y, c);
  return { width: w, height: h, channels, data };
}

const at = (out: Uint8Array, w: number, c: number, x: number, y: number, k = 0) => out[(y * w + x) * c + k];

describe('warpSimilarity', () => {
  const src = image(4, 4, 3, (x, y, c) => 10 * (y * 4 + x) + c);

  it('the identity copies the image exactly', () => {
    expect(Array.from(warpSimilarity(src, IDENTITY, { width: 4, height: 4, channels: 3 }))).toEqual(
      Array.from(src.data),
    );
  });

  it('an integer shift moves pixels and fills black outside', () => {
    const out = warpSimilarity(src, { a: 1, b: 0, tx: 2, ty: 1 }, { width: 4, height: 4, channels: 3 });
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 3; c++)
          expect(at(out, 4, 3, x, y, c)).toBe(x >= 2 && y >= 1 ? 10 * ((y - 1) * 4 + x - 2) + c : 0);
  });

  it('a quarter turn: x′ = 4 − y, y′ = x puts src row 3 − j, column i at (j, i)', () => {
    const out = warpSimilarity(src, { a: 0, b: 1, tx: 4, ty: 0 }, { width: 4, height: 4, channels: 3 });
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(at(out, 4, 3, j, i)).toBe(10 * ((3 - j) * 4 + i));
  });

  it('doubling is bilinear with half-pixel centres (values by hand)', () => {
    // Each row is the ramp 4, 12, 20, 28; output column j samples source x = j/2 − 1/4.
    const ramp = image(4, 3, 1, (x) => 8 * x + 4);
    const out = warpSimilarity(ramp, { a: 2, b: 0, tx: 0, ty: 0 }, { width: 8, height: 6, channels: 1 });
    // Row 2 samples source y = 0.75: fully inside. Column 0 and 7 reach a quarter pixel outside (black).
    expect(Array.from(out.subarray(16, 24))).toEqual([3, 6, 10, 14, 18, 22, 26, 21]);
    // Row 0 samples y = −0.25: three quarters of the image, a quarter black.
    expect(Array.from(out.subarray(0, 8))).toEqual([2, 5, 8, 11, 14, 17, 20, 16]);
  });

  it('halving averages each 2 × 2 block (no aliasing of a one-pixel checkerboard)', () => {
    const board = image(8, 8, 1, (x, y) => ((x + y) % 2) * 255);
    const out = warpSimilarity(board, { a: 0.5, b: 0, tx: 0, ty: 0 }, { width: 4, height: 4, channels: 1 });
    expect(Array.from(out)).toEqual(new Array(16).fill(128));
    const noise = image(8, 8, 1, (x, y) => (x * 37 + y * 91 + x * y * 13) % 256);
    const half = warpSimilarity(noise, { a: 0.5, b: 0, tx: 0, ty: 0 }, { width: 4, height: 4, channels: 1 });
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        let sum = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const)
          sum += noise.data[(2 * i + dy) * 8 + 2 * j + dx] as number;
        expect(at(half, 4, 1, j, i)).toBe(Math.round(sum / 4));
      }
  });

  it('converts channels: RGBA to gray (BT.601), gray to RGB', () => {
    const rgba = image(3, 1, 4, (x, _y, c) => (c === 3 ? 255 : c === x ? 255 : 0));
    expect(Array.from(warpSimilarity(rgba, IDENTITY, { width: 3, height: 1, channels: 1 }))).toEqual([76, 150, 29]);
    expect(Array.from(warpSimilarity(rgba, IDENTITY, { width: 3, height: 1, channels: 3 }))).toEqual([
      255, 0, 0, 0, 255, 0, 0, 0, 255,
    ]);
    const gray = image(2, 1, 1, (x) => 100 + x);
    expect(Array.from(warpSimilarity(gray, IDENTITY, { width: 2, height: 1, channels: 3 }))).toEqual([
      100, 100, 100, 101, 101, 101,
    ]);
  });

  it('a map that misses the image gives black', () => {
    const out = warpSimilarity(src, { a: 1, b: 0, tx: 100, ty: 0 }, { width: 4, height: 4, channels: 3 });
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('aligning two tilted blobs puts their centroids on the eye targets', () => {
    // Gaussian "eyes" 60 px apart at 30° in a 200 × 160 image; aligned at 64 × 64 they must sit level at
    // (22.4, 24.32) and (41.6, 24.32) (0.35 / 0.65 · 64, 0.38 · 64).
    const L = { x: 60, y: 60 };
    const R = { x: 60 + 60 * Math.cos(Math.PI / 6), y: 60 + 60 * Math.sin(Math.PI / 6) };
    const blob = (x: number, y: number, p: { x: number; y: number }) =>
      Math.exp(-((x + 0.5 - p.x) ** 2 + (y + 0.5 - p.y) ** 2) / (2 * 5 ** 2));
    const src2 = image(200, 160, 1, (x, y) => Math.round(255 * (blob(x, y, L) + blob(x, y, R))));
    const eyes = { left: { x: 0.35, y: 0.38 }, right: { x: 0.65, y: 0.38 } };
    const toOut = alignEyes(L, R, { width: 64, height: 64 }, eyes);
    const out = warpSimilarity(src2, toOut, { width: 64, height: 64, channels: 1 });
    const centroid = (x0: number, x1: number) => {
      let s = 0;
      let sx = 0;
      let sy = 0;
      for (let y = 0; y < 64; y++)
        for (let x = x0; x < x1; x++) {
          const v = at(out, 64, 1, x, y) as number;
          s += v;
          sx += v * (x + 0.5);
          sy += v * (y + 0.5);
        }
      return { x: sx / s, y: sy / s };
    };
    const left = centroid(0, 32);
    const right = centroid(32, 64);
    expect(Math.abs(left.x - 22.4)).toBeLessThan(0.1);
    expect(Math.abs(left.y - 24.32)).toBeLessThan(0.1);
    expect(Math.abs(right.x - 41.6)).toBeLessThan(0.1);
    expect(Math.abs(right.y - 24.32)).toBeLessThan(0.1);
  });
});
