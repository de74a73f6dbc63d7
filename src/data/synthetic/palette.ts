/**
 * The colours of the synthetic faces: skin, hair and iris ranges (light to dark) that an identity's genes index, and
 * the shading and mixing of the renderer's parts.
 */
import type { Rgb } from './raster';

export const SKIN: Rgb[] = [
  [0.99, 0.87, 0.76],
  [0.93, 0.74, 0.6],
  [0.8, 0.58, 0.42],
  [0.6, 0.4, 0.27],
  [0.38, 0.24, 0.16],
];
export const HAIR: Rgb[] = [
  [0.06, 0.05, 0.05],
  [0.24, 0.14, 0.07],
  [0.45, 0.28, 0.13],
  [0.62, 0.3, 0.12],
  [0.86, 0.72, 0.42],
  [0.72, 0.72, 0.72],
];
export const IRIS: Rgb[] = [
  [0.25, 0.15, 0.08],
  [0.2, 0.35, 0.2],
  [0.2, 0.35, 0.6],
];

/** The colour at `t` ∈ [0, 1] along `stops`, linearly between neighbours. */
export function palette(stops: Rgb[], t: number): Rgb {
  const x = Math.min(0.9999, Math.max(0, t)) * (stops.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  const a = stops[i] as Rgb;
  const b = stops[i + 1] as Rgb;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}
export const shade = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];
export const mixRgb = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + t * (b[0] - a[0]),
  a[1] + t * (b[1] - a[1]),
  a[2] + t * (b[2] - a[2]),
];
