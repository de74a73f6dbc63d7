/** Padded, upscaled and mosaic placements: the coordinates map back exactly (hand-computed fixtures). */
import { describe, expect, it } from 'vitest';
import {
  boxToSource,
  cellOf,
  drawPlaced,
  fitsMosaic,
  landmarksToSource,
  meanColour,
  mosaicLayout,
  paddedCanvas,
  toCanvas,
  toSource,
} from './faceFrame';

describe('padded and upscaled copies', () => {
  it('a 92 × 112 crop padded 1.5× sits 23 and 28 pixels in, at its own scale', () => {
    expect(paddedCanvas(92, 112, 1.5)).toEqual({ width: 138, height: 168, placement: { scale: 1, dx: 23, dy: 28 } });
  });

  it('a 100 × 50 image padded 2× and upscaled 3×: boxes and landmarks come back in its own pixels', () => {
    const c = paddedCanvas(100, 50, 2, 3);
    expect(c).toEqual({ width: 600, height: 300, placement: { scale: 3, dx: 150, dy: 75 } });
    // dx = (600 − 3 · 100) / 2, dy = (300 − 3 · 50) / 2: the image's corners are at (150, 75) and (450, 225).
    expect(toCanvas(c.placement, { x: 100, y: 50 })).toEqual({ x: 450, y: 225 });
    expect(toSource(c.placement, { x: 150, y: 75 })).toEqual({ x: 0, y: 0 });
    expect(boxToSource(c.placement, { x: 180, y: 90, width: 60, height: 30 })).toEqual({
      x: 10,
      y: 5,
      width: 20,
      height: 10,
    });
    expect(Array.from(landmarksToSource(c.placement, [150, 75, 450, 225, 165, 78]))).toEqual([0, 0, 100, 50, 5, 1]);
  });
});

describe('mosaics', () => {
  it('2 × 2 cells of 256 at two thirds: each image brought to 170 on its long side and centred in its cell', () => {
    const layout = mosaicLayout(
      [
        { width: 85, height: 170 },
        { width: 170, height: 85 },
        { width: 34, height: 17 },
      ],
      2,
      2 / 3,
    );
    expect(layout).toEqual({
      side: 512,
      grid: 2,
      cell: 256,
      placements: [
        { scale: 1, dx: 85.5, dy: 43 }, // (256 − 85) / 2, (256 − 170) / 2
        { scale: 1, dx: 299, dy: 85.5 }, // 256 + 43
        { scale: 5, dx: 43, dy: 341.5 }, // 170 / 34 = 5; 256 + 85.5
      ],
    });
    // A box belongs to the cell of its centre; a centre in the empty fourth cell or off the canvas to none.
    expect(cellOf(layout, { x: 300, y: 100, width: 40, height: 40 })).toBe(1);
    expect(cellOf(layout, { x: 80, y: 280, width: 40, height: 40 })).toBe(2);
    expect(cellOf(layout, { x: 280, y: 280, width: 40, height: 40 })).toBe(-1);
    expect(cellOf(layout, { x: 600, y: 10, width: 40, height: 40 })).toBe(-1);
    expect(boxToSource(layout.placements[2]!, { x: 53, y: 351.5, width: 50, height: 25 })).toEqual({
      x: 2,
      y: 2,
      width: 10,
      height: 5,
    });
  });

  it('4 × 4 at 7/8 (the default): sixteen 92 × 112 crops at their own size, 18 and 8 pixels into their cells', () => {
    const sizes = Array.from({ length: 16 }, () => ({ width: 92, height: 112 }));
    const layout = mosaicLayout(sizes);
    expect([layout.side, layout.grid, layout.cell]).toEqual([512, 4, 128]);
    // floor(128 · 7/8) = 112: scale 1; (128 − 92) / 2 = 18 across, (128 − 112) / 2 = 8 down.
    expect(layout.placements.slice(0, 6)).toEqual([
      { scale: 1, dx: 18, dy: 8 },
      { scale: 1, dx: 146, dy: 8 },
      { scale: 1, dx: 274, dy: 8 },
      { scale: 1, dx: 402, dy: 8 },
      { scale: 1, dx: 18, dy: 136 },
      { scale: 1, dx: 146, dy: 136 },
    ]);
    expect(layout.placements[15]).toEqual({ scale: 1, dx: 402, dy: 392 });
    expect(() => mosaicLayout([...sizes, { width: 92, height: 112 }])).toThrow(/holds 16 images, not 17/);
  });

  it('takes images up to 160 pixels on their long side', () => {
    expect([fitsMosaic(92, 112), fitsMosaic(160, 120), fitsMosaic(161, 40), fitsMosaic(250, 250)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('drawPlaced', () => {
  it('bilinear samples at pixel centres inside the placed image, its mean colour around it', () => {
    // [[0, 100], [200, 40]], mean 85, drawn 2× at (1, 1) on a 6 × 6 canvas.
    const src = { width: 2, height: 2, channels: 1 as const, data: new Uint8Array([0, 100, 200, 40]) };
    const canvas = new Int32Array(6 * 6 * 3).fill(-1);
    drawPlaced(canvas, 6, src, { scale: 2, dx: 1, dy: 1 }, { x: 0, y: 0, width: 6, height: 6 });
    const red = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => canvas[(i * 6 + j) * 3]));
    // Pixel centres 1.5, 2.5, 3.5, 4.5 are source 0.25, 0.75, 1.25, 1.75: weights 0, ¼, ¾, 1 (clamped at the edges).
    expect(red).toEqual([
      [85, 85, 85, 85, 85, 85],
      [85, 0, 25, 75, 100, 85],
      [85, 50, 59, 76, 85, 85], // ¾ of the row above + ¼ of [200, 160, 80, 40]: 58.75, 76.25
      [85, 150, 126, 79, 55, 85], // ¼ + ¾: 126.25, 78.75
      [85, 200, 160, 80, 40, 85],
      [85, 85, 85, 85, 85, 85],
    ]);
    // Gray goes to all three channels.
    expect(canvas.filter((_, i) => i % 3 === 1)).toEqual(canvas.filter((_, i) => i % 3 === 0));
  });

  it('writes its region only', () => {
    const src = { width: 1, height: 1, channels: 3 as const, data: new Uint8Array([10, 20, 30]) };
    const canvas = new Int32Array(4 * 2 * 3).fill(-1);
    drawPlaced(canvas, 4, src, { scale: 1, dx: 2.5, dy: 0.5 }, { x: 2, y: 0, width: 2, height: 2 });
    // Pixel (0, 2) has its centre at (2.5, 0.5): the image's only pixel; the rest of the region is its mean colour.
    expect(Array.from(canvas)).toEqual([
      ...[-1, -1, -1, -1, -1, -1, 10, 20, 30, 10, 20, 30],
      ...[-1, -1, -1, -1, -1, -1, 10, 20, 30, 10, 20, 30],
    ]);
    expect(
      meanColour({ width: 2, height: 1, channels: 4, data: new Uint8Array([10, 20, 30, 255, 20, 41, 50, 0]) }),
    ).toEqual([15, 31, 40]);
  });
});
