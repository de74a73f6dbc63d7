/**
 * The margin band's geometry, apart from React so Node tests can check it: distance ↔ pixel, axis ticks, the margin
 * a drag or a key gives, and lanes that stack markers at nearly equal distances instead of drawing them on each other.
 */

export interface BandScale {
  /** Largest distance on the axis (its right end). */
  max: number;
  /** Width of the drawing in pixels. */
  width: number;
  /** Pixels kept free at both ends, for markers and labels. */
  pad: number;
}

const NICE = [1, 2, 2.5, 5, 10];

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above x (x ≤ 0: 1). */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const factor = NICE.find((f) => f * power >= x * (1 - 1e-12)) ?? 10;
  return factor * power;
}

/**
 * The axis' right end: everything on the line and the band's edge d(a,p) + m, with some air, rounded up. Fixed
 * while a drag lasts (the caller keeps it), so the axis does not slide under the pointer.
 */
export function bandMax(distances: readonly number[], apDist: number, margin: number): number {
  const edge = Number.isFinite(apDist) ? apDist + margin : 0;
  return niceCeil(Math.max(edge, ...distances.filter(Number.isFinite)) * 1.08);
}

export function toX(d: number, s: BandScale): number {
  return s.pad + (Math.min(Math.max(d, 0), s.max) / s.max) * Math.max(s.width - 2 * s.pad, 1);
}

export function fromX(x: number, s: BandScale): number {
  return ((x - s.pad) / Math.max(s.width - 2 * s.pad, 1)) * s.max;
}

/** Ticks 0, step, 2·step … ≤ max, with a 1-2-5 step giving about `count` intervals. */
export function ticks(max: number, count = 5): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((f) => f * power >= raw * (1 - 1e-12)) ?? 10) * power;
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const out: number[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) out.push(Number((i * step).toFixed(digits)));
  return out;
}

/** Margins move in hundredths (the lab's margin slider step); rounding also drops float dust like 0.30000000000000004. */
export function roundMargin(m: number): number {
  return Math.round(m * 100) / 100;
}

const clampMargin = (m: number, maxMargin: number) => Math.min(Math.max(roundMargin(m), 0), maxMargin);

/** The margin that puts the band's edge d(a,p) + m under pixel x. */
export function marginFromX(x: number, apDist: number, s: BandScale, maxMargin: number): number {
  return clampMargin(fromX(x, s) - apDist, maxMargin);
}

/**
 * The margin after a key press on the handle (the WAI-ARIA slider keys): arrows ±0.01, with Shift or Page keys
 * ±0.1, Home 0, End the maximum. null: not a slider key.
 */
export function marginAfterKey(margin: number, key: string, shift: boolean, maxMargin: number): number | null {
  const step = shift ? 0.1 : 0.01;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clampMargin(margin + step, maxMargin);
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampMargin(margin - step, maxMargin);
    case 'PageUp':
      return clampMargin(margin + 0.1, maxMargin);
    case 'PageDown':
      return clampMargin(margin - 0.1, maxMargin);
    case 'Home':
      return 0;
    case 'End':
      return maxMargin;
    default:
      return null;
  }
}

/**
 * Lane of each marker (0 = on the baseline): the lowest lane whose last marker lies at least `gap` pixels to the
 * left. With all `lanes` taken, the lane whose last marker is farthest left: markers may overlap then, but the
 * drawing's height stays fixed.
 * @param xs pixel positions, ascending
 */
export function stackLanes(xs: readonly number[], gap: number, lanes: number): number[] {
  const last: number[] = [];
  return xs.map((x) => {
    let lane = last.findIndex((l) => x - l >= gap);
    if (lane < 0) lane = last.length < lanes ? last.length : last.indexOf(Math.min(...last));
    last[lane] = x;
    return lane;
  });
}
