/** Shapes placed in face coordinates and drawn through an image's similarity transform (shift, scale, rotation). */
import type { Canvas, Point, Rgb } from './raster';
import { fillEllipse, fillPolygon, fillShape, strokePolyline } from './raster';

export const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean =>
  ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Shapes in face coordinates, drawn through the image transform. */
export class Pen {
  private readonly cos: number;
  private readonly sin: number;
  constructor(
    readonly canvas: Canvas,
    private readonly cx: number,
    private readonly cy: number,
    private readonly u: number,
    private readonly rot: number,
  ) {
    this.cos = Math.cos(rot);
    this.sin = Math.sin(rot);
  }
  tx(x: number, y: number): Point {
    return [this.cx + this.u * (x * this.cos - y * this.sin), this.cy + this.u * (x * this.sin + y * this.cos)];
  }
  ellipse(x: number, y: number, rx: number, ry: number, angle: number, color: Rgb, alpha = 1): void {
    const [px, py] = this.tx(x, y);
    fillEllipse(this.canvas, px, py, rx * this.u, ry * this.u, angle + this.rot, color, alpha);
  }
  polygon(points: readonly Point[], color: Rgb, alpha = 1): void {
    fillPolygon(
      this.canvas,
      points.map(([x, y]) => this.tx(x, y)),
      color,
      alpha,
    );
  }
  line(points: readonly Point[], width: number, color: Rgb, alpha = 1): void {
    strokePolyline(
      this.canvas,
      points.map(([x, y]) => this.tx(x, y)),
      width * this.u,
      color,
      alpha,
    );
  }
  /** Any region given as a predicate in face coordinates, within the face-coordinate box [x0, x1] × [y0, y1]. */
  region(
    inside: (x: number, y: number) => boolean,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    color: Rgb,
    alpha = 1,
  ): void {
    const corners = [this.tx(x0, y0), this.tx(x1, y0), this.tx(x0, y1), this.tx(x1, y1)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
    fillShape(
      this.canvas,
      box,
      (px, py) => {
        const dx = (px - this.cx) / this.u;
        const dy = (py - this.cy) / this.u;
        return inside(dx * this.cos + dy * this.sin, -dx * this.sin + dy * this.cos);
      },
      color,
      alpha,
    );
  }
}
