/**
 * Where an image sits in what the face detector sees, plain TypeScript: a padded copy (the image centred on a larger
 * canvas of its mean colour, so a face that fills the frame gets the margin SSD needs), an upscaled one, and a mosaic
 * of several small images in one detector input (one SSD pass finds the faces of up to MOSAIC_GRID² images). Boxes
 * and landmarks found there map back to the image exactly. Coordinates are continuous pixels, as in faceAlign.ts:
 * pixel (i, j) covers [j, j+1) × [i, i+1), so the source point x lands at scale · x + dx on the canvas.
 */
import type { Point } from './faceAlign';
import type { RawImage } from './imageSpec';

/** Source → canvas: X = scale · x + dx, Y = scale · y + dy. */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function toCanvas(p: Placement, q: Point): Point {
  return { x: p.scale * q.x + p.dx, y: p.scale * q.y + p.dy };
}

export function toSource(p: Placement, q: Point): Point {
  return { x: (q.x - p.dx) / p.scale, y: (q.y - p.dy) / p.scale };
}

export function boxToSource(p: Placement, b: Box): Box {
  const { x, y } = toSource(p, b);
  return { x, y, width: b.width / p.scale, height: b.height / p.scale };
}

/**
 * Landmarks found on a canvas, in source pixels.
 * @param flat [n · 2] x0, y0, x1, y1, … canvas pixels
 * @returns a new Float32Array [n · 2] (caller owns it)
 */
export function landmarksToSource(p: Placement, flat: ArrayLike<number>): Float32Array {
  const out = new Float32Array(flat.length);
  for (let i = 0; i < flat.length; i += 2) {
    out[i] = ((flat[i] as number) - p.dx) / p.scale;
    out[i + 1] = ((flat[i + 1] as number) - p.dy) / p.scale;
  }
  return out;
}

/** SSD MobileNet's input side: face-api pads every input to a square and resizes it to this. */
export const DETECTOR_INPUT = 512;

/**
 * A canvas `ratio` times the image's size (scaled by `scale`) with the scaled image in its middle, on whole-pixel
 * offsets so the margins differ by at most a pixel.
 */
export function paddedCanvas(
  width: number,
  height: number,
  ratio: number,
  scale = 1,
): { width: number; height: number; placement: Placement } {
  const W = Math.round(width * scale * ratio);
  const H = Math.round(height * scale * ratio);
  return {
    width: W,
    height: H,
    placement: { scale, dx: Math.round((W - width * scale) / 2), dy: Math.round((H - height * scale) / 2) },
  };
}

/**
 * The first mosaic: 4 × 4 cells of 128 pixels, a 92 × 112 crop at its own size in each (measured on the 400 tight
 * crops of the bench: 383 found in it, 39 detector passes in all; 3 × 3 cells with a third of margin first: 389, but
 * 59 passes; 4 × 4 with the image at two thirds of the cell: 209).
 */
export const MOSAIC_GRID = 4;
/** The image's long side in its cell, as a fraction of the cell (the first mosaic). */
export const MOSAIC_FILL = 7 / 8;
/**
 * The mosaics a small image goes through, in order: the first at about its own size, then 2 × 2 cells with the
 * image at two thirds of a cell (1.5 times its size for a 92 × 112), which finds most of what the first missed.
 */
export const MOSAIC_STAGES: readonly { grid: number; fill: number }[] = [
  { grid: MOSAIC_GRID, fill: MOSAIC_FILL },
  { grid: 2, fill: 2 / 3 },
];
/**
 * Images whose long side is at most this go into mosaics (brought to MOSAIC_FILL of a cell, 112 pixels, so at most
 * ×0.7): a face that fills such a frame stays large enough for SSD. Larger photos are detected one per pass.
 */
export const MOSAIC_MAX_SIDE = 160;

export function fitsMosaic(width: number, height: number): boolean {
  return Math.max(width, height) <= MOSAIC_MAX_SIDE;
}

export interface MosaicLayout {
  /** The canvas is side × side. */
  side: number;
  grid: number;
  cell: number;
  /** Per image, in order: where it sits (cell k is row ⌊k / grid⌋, column k mod grid). */
  placements: Placement[];
}

/** Lays out up to grid² images, each scaled to `fill` of its cell's side and centred in it. */
export function mosaicLayout(
  sizes: readonly { width: number; height: number }[],
  grid = MOSAIC_GRID,
  fill = MOSAIC_FILL,
): MosaicLayout {
  if (sizes.length > grid * grid)
    throw new Error(`a ${grid} × ${grid} mosaic holds ${grid * grid} images, not ${sizes.length}`);
  const cell = Math.floor(DETECTOR_INPUT / grid);
  const target = Math.floor(cell * fill);
  const placements = sizes.map(({ width, height }, k) => {
    const scale = target / Math.max(width, height);
    const cx = (k % grid) * cell;
    const cy = Math.floor(k / grid) * cell;
    return { scale, dx: cx + (cell - width * scale) / 2, dy: cy + (cell - height * scale) / 2 };
  });
  return { side: grid * cell, grid, cell, placements };
}

/** The cell holding the centre of `box`, or -1 outside the canvas or past the last image. */
export function cellOf(layout: MosaicLayout, box: Box): number {
  const col = Math.floor((box.x + box.width / 2) / layout.cell);
  const row = Math.floor((box.y + box.height / 2) / layout.cell);
  if (col < 0 || row < 0 || col >= layout.grid || row >= layout.grid) return -1;
  const k = row * layout.grid + col;
  return k < layout.placements.length ? k : -1;
}

/** The image's mean colour (RGB; gray repeated). */
export function meanColour(src: RawImage): [number, number, number] {
  const n = src.width * src.height;
  const c = src.channels;
  const sum = [0, 0, 0];
  for (let p = 0; p < n; p++)
    for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (src.data[p * c + (c === 1 ? 0 : k)] as number);
  return [Math.round((sum[0] as number) / n), Math.round((sum[1] as number) / n), Math.round((sum[2] as number) / n)];
}

/**
 * Draws `src` into an RGB canvas: inside `region`, pixels whose centre falls on the placed image are bilinear samples
 * of it (edges clamped), the others its mean colour. Region pixels only; the rest of the canvas is left alone.
 * @param canvas [height, width, 3] int32 RGB, written in place
 */
export function drawPlaced(
  canvas: Int32Array,
  width: number,
  src: RawImage,
  p: Placement,
  region: { x: number; y: number; width: number; height: number },
): void {
  const fill = meanColour(src);
  const c = src.channels;
  const d = src.data;
  const right = p.dx + src.width * p.scale;
  const bottom = p.dy + src.height * p.scale;
  // Per column and per row: the two source indices and the weight of the second (index space, clamped at the edges).
  const taps = (from: number, count: number, offset: number, size: number) => {
    const i0 = new Int32Array(count);
    const i1 = new Int32Array(count);
    const w1 = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const f = Math.min(Math.max((from + k + 0.5 - offset) / p.scale - 0.5, 0), size - 1);
      i0[k] = Math.floor(f);
      i1[k] = Math.min((i0[k] as number) + 1, size - 1);
      w1[k] = f - (i0[k] as number);
    }
    return { i0, i1, w1 };
  };
  const cols = taps(region.x, region.width, p.dx, src.width);
  const rows = taps(region.y, region.height, p.dy, src.height);
  const channels = c === 1 ? [0, 0, 0] : [0, 1, 2];
  for (let i = 0; i < region.height; i++) {
    const v = region.y + i + 0.5;
    const rowInside = v >= p.dy && v < bottom;
    const r0 = (rows.i0[i] as number) * src.width;
    const r1 = (rows.i1[i] as number) * src.width;
    const ay = rows.w1[i] as number;
    for (let j = 0; j < region.width; j++) {
      const o = ((region.y + i) * width + region.x + j) * 3;
      const u = region.x + j + 0.5;
      if (!rowInside || u < p.dx || u >= right) {
        canvas[o] = fill[0];
        canvas[o + 1] = fill[1];
        canvas[o + 2] = fill[2];
        continue;
      }
      const x0 = cols.i0[j] as number;
      const x1 = cols.i1[j] as number;
      const ax = cols.w1[j] as number;
      for (let k = 0; k < 3; k++) {
        const ch = channels[k] as number;
        const top = (1 - ax) * (d[(r0 + x0) * c + ch] as number) + ax * (d[(r0 + x1) * c + ch] as number);
        const low = (1 - ax) * (d[(r1 + x0) * c + ch] as number) + ax * (d[(r1 + x1) * c + ch] as number);
        canvas[o + k] = Math.round((1 - ay) * top + ay * low);
      }
    }
  }
}
