/**
 * A tiny anti-aliased rasteriser over a float RGB buffer, in plain TypeScript so synthetic faces are bit-identical
 * in Node tests, workers and every browser (no canvas). Each shape is an inside(x, y) predicate; a pixel's coverage
 * is the fraction of SS×SS sub-samples inside it, and the colour is blended by coverage × alpha.
 */

export type Rgb = readonly [number, number, number];

export interface Canvas {
  width: number;
  height: number;
  /** [H, W, 3] linear-ish RGB in [0, 1]. */
  data: Float32Array;
}

/** Sub-samples per pixel side (16 per pixel): edges get 17 grey levels, plenty at 32–160 px. */
const SS = 4;

export function createCanvas(width: number, height: number, fill: Rgb): Canvas {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(fill, i * 3);
  return { width, height, data };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Blend `color` into every pixel of `box` by the coverage of `inside` (pixel (i, j) spans [i, i+1) × [j, j+1)). */
export function fillShape(c: Canvas, box: Box, inside: (x: number, y: number) => boolean, color: Rgb, alpha = 1): void {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(c.width, Math.ceil(box.x1));
  const y1 = Math.min(c.height, Math.ceil(box.y1));
  const step = 1 / SS;
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      let hits = 0;
      // Interior fast path: all four corners inside means full coverage (exact unless a hole is smaller than a pixel).
      if (inside(px, py) && inside(px + 1, py) && inside(px, py + 1) && inside(px + 1, py + 1)) hits = SS * SS;
      else
        for (let sy = 0; sy < SS; sy++) {
          const y = py + (sy + 0.5) * step;
          for (let sx = 0; sx < SS; sx++) if (inside(px + (sx + 0.5) * step, y)) hits++;
        }
      if (hits === 0) continue;
      const a = (alpha * hits) / (SS * SS);
      const o = (py * c.width + px) * 3;
      for (let k = 0; k < 3; k++) c.data[o + k] = (c.data[o + k] as number) * (1 - a) + (color[k] as number) * a;
    }
  }
}

/** Filled ellipse centred at (cx, cy) with radii (rx, ry), rotated by `angle` radians. */
export function fillEllipse(
  c: Canvas,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  angle: number,
  color: Rgb,
  alpha = 1,
): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const r = Math.max(rx, ry);
  fillShape(
    c,
    { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r },
    (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      return u * u + v * v <= 1;
    },
    color,
    alpha,
  );
}

export type Point = readonly [number, number];

/** Filled polygon (even–odd rule). */
export function fillPolygon(c: Canvas, points: readonly Point[], color: Rgb, alpha = 1): void {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  fillShape(
    c,
    { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
    (x, y) => {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i] as Point;
        const [xj, yj] = points[j] as Point;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    },
    color,
    alpha,
  );
}

function segmentDistance2(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  const ex = x - (a[0] + t * dx);
  const ey = y - (a[1] + t * dy);
  return ex * ex + ey * ey;
}

/** A thick polyline with round caps and joins, covered once (no double blending at joints). */
export function strokePolyline(c: Canvas, points: readonly Point[], width: number, color: Rgb, alpha = 1): void {
  const h = width / 2;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  fillShape(
    c,
    { x0: Math.min(...xs) - h, y0: Math.min(...ys) - h, x1: Math.max(...xs) + h, y1: Math.max(...ys) + h },
    (x, y) => {
      for (let i = 0; i + 1 < points.length; i++)
        if (segmentDistance2(x, y, points[i] as Point, points[i + 1] as Point) <= h * h) return true;
      return points.length === 1 && segmentDistance2(x, y, points[0] as Point, points[0] as Point) <= h * h;
    },
    color,
    alpha,
  );
}

/** Points along a quadratic Bézier from p0 to p2 with control p1: arcs for mouths, brows, glasses bridges. */
export function quadratic(p0: Point, p1: Point, p2: Point, segments = 8): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const d = t * t;
    out.push([a * p0[0] + b * p1[0] + d * p2[0], a * p0[1] + b * p1[1] + d * p2[1]]);
  }
  return out;
}
