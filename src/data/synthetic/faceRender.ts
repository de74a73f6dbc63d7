/**
 * Draws one cartoon face from identity genes + per-image nuisance with the pure rasteriser. Every shape is placed
 * in face coordinates (origin at the face centre, y down, unit ≈ half the face height) and mapped to pixels by the
 * image's similarity transform (jitter, scale, rotation), so pose nuisance moves every part together.
 */
import { createRng } from '../../common/rng';
import type { ImageSpec } from '../imageSpec';
import type { FaceParams, Nuisance } from './faceParams';
import { inEllipse, Pen } from './pen';
import { HAIR, IRIS, mixRgb, palette, shade, SKIN } from './palette';
import type { Canvas, Point, Rgb } from './raster';
import { createCanvas, quadratic } from './raster';

/** Render one face to a float RGB canvas of spec's size. */
export function renderFaceCanvas(p: FaceParams, n: Nuisance, spec: Pick<ImageSpec, 'width' | 'height'>): Canvas {
  const { width: W, height: H } = spec;
  const c = createCanvas(W, H, n.background);
  const u = 0.3 * H * n.scale;
  const pen = new Pen(c, W / 2 + n.dx * W, H * 0.47 + n.dy * H, u, n.rotation);
  const skin = palette(SKIN, p.skinTone);
  const hair = palette(HAIR, p.hairTone);
  const faceRx = 0.68 + 0.2 * p.faceWidth;
  const faceRy = 0.98 + 0.14 * p.faceLength;
  const jawRx = faceRx * (0.72 + 0.25 * p.jaw);
  const inFace = (x: number, y: number): boolean =>
    inEllipse(x, y, 0, 0, faceRx, faceRy) || inEllipse(x, y, 0, 0.3, jawRx, faceRy * 0.72);
  const eyeY = -0.1 + 0.14 * (p.eyeHeight - 0.5);
  const eyeX = 0.27 + 0.12 * p.eyeSpacing;
  const eyeRx = 0.11 + 0.06 * p.eyeSize;
  const noseTop = eyeY + 0.08;
  const noseBottom = noseTop + 0.22 + 0.14 * p.noseLength;
  const mouthY = Math.min(noseBottom + 0.2, faceRy * 0.78);
  const mouthW = 0.18 + 0.14 * p.mouthWidth;
  const hl = -0.62 + 0.2 * p.hairline; // hairline height at the centre

  // Shoulders, neck, hair behind the head.
  pen.ellipse(0, 2.15, 1.9, 0.95, 0, n.shirt);
  pen.polygon(
    [
      [-0.34, 0.5],
      [0.34, 0.5],
      [0.4, 1.35],
      [-0.4, 1.35],
    ],
    shade(skin, 0.85),
  );
  if (p.hairStyle === 'long') pen.ellipse(0, 0.35, faceRx * 1.38, 1.35, 0, hair);
  if (p.hairStyle === 'curly') {
    for (let k = 0; k <= 8; k++) {
      const a = Math.PI * (1.02 + (0.96 * k) / 8);
      pen.ellipse(faceRx * 1.02 * Math.cos(a), -0.12 + 0.98 * Math.sin(a), 0.3, 0.3, 0, hair);
    }
  }
  // Ears, face.
  const earRx = 0.09 + 0.05 * p.earSize;
  const earRy = 0.17 + 0.07 * p.earSize;
  for (const s of [-1, 1]) {
    pen.ellipse(s * faceRx * 0.97, eyeY + 0.12, earRx, earRy, 0, shade(skin, 0.93));
    pen.ellipse(s * faceRx * 0.99, eyeY + 0.12, earRx * 0.45, earRy * 0.6, 0, shade(skin, 0.78));
  }
  pen.region(inFace, -faceRx, -faceRy, faceRx, faceRy + 0.3, skin);

  // Beard before hair and features.
  const beardRegion = (x: number, y: number): boolean =>
    inFace(x, y) &&
    (y > mouthY - 0.12 || (y > eyeY + 0.18 && Math.abs(x) > faceRx * 0.72)) &&
    !inEllipse(x, y, 0, mouthY, mouthW * 1.05, 0.07);
  if (p.beard === 'full') pen.region(beardRegion, -faceRx, eyeY, faceRx, faceRy + 0.3, hair, 0.95);
  if (p.beard === 'stubble') pen.region(beardRegion, -faceRx, eyeY, faceRx, faceRy + 0.3, shade(hair, 0.8), 0.3);
  if (p.beard === 'goatee') pen.ellipse(0, mouthY + 0.2, 0.16, 0.15, 0, hair, 0.95);

  // Hair on top.
  const headRx = faceRx * 1.08;
  const headRy = faceRy * 1.06;
  const temple = (x: number): number => 0.9 * Math.max(0, Math.abs(x) - faceRx * 0.55);
  const hairline: Record<FaceParams['hairStyle'], ((x: number) => number) | null> = {
    buzz: (x) => hl + 0.04 + temple(x),
    short: (x) => hl + temple(x),
    long: (x) => hl + temple(x) * 1.6,
    fringe: (x) => Math.min(eyeY - 0.24, hl + 0.3) + 0.05 * Math.cos(9 * x) + temple(x),
    sidePart: (x) => hl + 0.14 * (x / faceRx) + temple(x),
    curly: (x) => hl + 0.05 + temple(x),
    bald: null,
  };
  const line = hairline[p.hairStyle];
  const volume = p.hairStyle === 'buzz' ? 1 : p.hairStyle === 'curly' ? 1.12 : 1.05;
  if (line) {
    pen.region(
      (x, y) => inEllipse(x, y, 0, -0.05, headRx * volume, headRy * volume) && y < line(x),
      -headRx * 1.2,
      -headRy * 1.2,
      headRx * 1.2,
      0.6,
      hair,
      p.hairStyle === 'buzz' ? 0.7 : 1,
    );
  } else {
    pen.region(
      (x, y) => inEllipse(x, y, 0, -0.05, headRx, headRy) && !inFace(x * 1.08, y) && y > -0.45 && y < eyeY + 0.2,
      -headRx,
      -0.5,
      headRx,
      0.2,
      hair,
      0.9,
    );
  }

  // Eyes: white, iris clipped to the white, pupil, upper lid.
  const eyeRy = eyeRx * 0.62 * n.eyeOpen;
  const iris = palette(IRIS, p.irisTone);
  for (const s of [-1, 1]) {
    const ex = s * eyeX;
    pen.ellipse(ex, eyeY, eyeRx, eyeRy, 0, [0.97, 0.97, 0.95]);
    const gx = ex + n.gaze * eyeRx * 0.35;
    pen.region(
      (x, y) => inEllipse(x, y, ex, eyeY, eyeRx, eyeRy) && inEllipse(x, y, gx, eyeY, eyeRx * 0.55, eyeRx * 0.55),
      ex - eyeRx,
      eyeY - eyeRx,
      ex + eyeRx,
      eyeY + eyeRx,
      iris,
    );
    pen.region(
      (x, y) => inEllipse(x, y, ex, eyeY, eyeRx, eyeRy) && inEllipse(x, y, gx, eyeY, eyeRx * 0.25, eyeRx * 0.25),
      ex - eyeRx,
      eyeY - eyeRx,
      ex + eyeRx,
      eyeY + eyeRx,
      [0.05, 0.05, 0.05],
    );
    pen.line(quadratic([ex - eyeRx, eyeY], [ex, eyeY - 2 * eyeRy], [ex + eyeRx, eyeY]), 0.035, shade(skin, 0.35));
  }
  // Brows.
  const browY = eyeY - 0.16 - 0.07 * p.browHeight - 0.06 * n.browRaise;
  const browW = 0.03 + 0.06 * p.browThickness;
  const tilt = (p.browTilt - 0.5) * 0.16;
  for (const s of [-1, 1]) {
    const inner: Point = [s * (eyeX - eyeRx * 1.05), browY + tilt];
    const outer: Point = [s * (eyeX + eyeRx * 1.15), browY + 0.02];
    pen.line(quadratic(inner, [s * eyeX, browY - 0.06], outer), browW, shade(hair, 0.85));
  }
  // Nose: a shaded ridge and nostrils.
  const noseW = 0.07 + 0.09 * p.noseWidth;
  pen.line(
    [
      [0.02, noseTop],
      [noseW * 0.5, noseBottom - 0.04],
      [0, noseBottom],
    ],
    0.04,
    shade(skin, 0.75),
    0.8,
  );
  pen.ellipse(0, noseBottom - 0.03, noseW, 0.055, 0, shade(skin, 0.9));
  for (const s of [-1, 1]) pen.ellipse(s * noseW * 0.55, noseBottom - 0.01, noseW * 0.28, 0.025, 0, shade(skin, 0.5));
  // Mouth: lips between two curves; the smile bends the corners up.
  const lipT = 0.03 + 0.05 * p.lipFullness;
  const corner = mouthY - 0.09 * n.smile;
  const lip = mixRgb(skin, [0.75, 0.25, 0.3], 0.35 + 0.4 * p.lipTone);
  const upper = quadratic([-mouthW, corner], [0, mouthY + 0.04 * n.smile - lipT * 1.6], [mouthW, corner]);
  const lower = quadratic([-mouthW, corner], [0, mouthY + 0.06 * n.smile + lipT * 2.4], [mouthW, corner]);
  pen.polygon([...upper, ...lower.reverse()], lip);
  pen.line(quadratic([-mouthW, corner], [0, mouthY + 0.05 * n.smile], [mouthW, corner]), 0.025, shade(lip, 0.45));
  if (p.beard === 'moustache' || p.beard === 'goatee') {
    const top = quadratic([-mouthW * 1.05, corner + 0.02], [0, mouthY - 0.2], [mouthW * 1.05, corner + 0.02]);
    const bottom = quadratic([-mouthW * 1.05, corner + 0.02], [0, mouthY - 0.05], [mouthW * 1.05, corner + 0.02]);
    pen.polygon([...top, ...bottom.reverse()], hair, 0.95);
  }
  // Glasses.
  if (p.glasses !== 'none') {
    const frame: Rgb = [0.1, 0.1, 0.12];
    const r = eyeRx * 1.45;
    const t = 0.045;
    for (const s of [-1, 1]) {
      const ex = s * eyeX;
      const ring =
        p.glasses === 'round'
          ? (x: number, y: number): boolean =>
              inEllipse(x, y, ex, eyeY, r, r * 0.85) && !inEllipse(x, y, ex, eyeY, r - t, r * 0.85 - t)
          : (x: number, y: number): boolean => {
              const ax = Math.abs(x - ex);
              const ay = Math.abs(y - eyeY);
              return ax <= r && ay <= r * 0.75 && (ax > r - t || ay > r * 0.75 - t);
            };
      pen.ellipse(ex, eyeY, r, r * 0.8, 0, [0.75, 0.85, 0.95], 0.15);
      pen.region(ring, ex - r, eyeY - r, ex + r, eyeY + r, frame);
      pen.line(
        [
          [ex + s * r * 0.95, eyeY - 0.03],
          [s * faceRx, eyeY - 0.05],
        ],
        t,
        frame,
      );
    }
    pen.line(quadratic([-eyeX + r * 0.95, eyeY - 0.02], [0, eyeY - 0.09], [eyeX - r * 0.95, eyeY - 0.02]), t, frame);
  }
  // Occlusion: a black bar or a hand in front of the face.
  if (n.occlusion === 'bar') {
    const y = eyeY + (n.occlusionY - 0.4) * 0.9;
    pen.polygon(
      [
        [-1.6, y - 0.12],
        [1.6, y - 0.12],
        [1.6, y + 0.12],
        [-1.6, y + 0.12],
      ],
      [0.08, 0.08, 0.08],
    );
  } else if (n.occlusion === 'hand') {
    const hx = n.occlusionX * 0.45;
    const hy = 0.35 + 0.45 * n.occlusionY;
    const handSkin = shade(skin, 1.04);
    for (let f = 0; f < 4; f++)
      pen.line(
        [
          [hx - 0.2 + 0.13 * f, hy],
          [hx - 0.24 + 0.14 * f, hy - 0.38 - 0.06 * (f % 3)],
        ],
        0.11,
        handSkin,
      );
    pen.ellipse(hx, hy + 0.12, 0.3, 0.26, 0.2, handSkin);
  }
  applyLighting(c, n.lightAngle, n.lightStrength);
  return c;
}

/** A linear lighting gradient across the image: brightness × (1 ± strength). */
function applyLighting(c: Canvas, angle: number, strength: number): void {
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  for (let y = 0; y < c.height; y++)
    for (let x = 0; x < c.width; x++) {
      const t = ((x + 0.5 - c.width / 2) * ax + (y + 0.5 - c.height / 2) * ay) / (c.width / 2);
      const k = 1 + strength * t;
      const o = (y * c.width + x) * 3;
      for (let ch = 0; ch < 3; ch++) c.data[o + ch] = (c.data[o + ch] as number) * k;
    }
}

/**
 * Render to the stored form: uint8 [H, W, channels], with Gaussian pixel noise from the nuisance's noise seed.
 * @param out written in place when given (length H·W·channels)
 */
export function renderFace(
  p: FaceParams,
  n: Nuisance,
  spec: ImageSpec,
  out: Uint8Array = new Uint8Array(spec.width * spec.height * spec.channels),
): Uint8Array {
  const c = renderFaceCanvas(p, n, spec);
  const rng = createRng(n.noiseSeed);
  const N = spec.width * spec.height;
  for (let i = 0; i < N; i++) {
    const r = c.data[3 * i] as number;
    const g = c.data[3 * i + 1] as number;
    const b = c.data[3 * i + 2] as number;
    if (spec.channels === 1) {
      out[i] = Math.min(
        255,
        Math.max(0, Math.round(255 * (0.299 * r + 0.587 * g + 0.114 * b + n.noise * rng.normal()))),
      );
    } else {
      out[3 * i] = Math.min(255, Math.max(0, Math.round(255 * (r + n.noise * rng.normal()))));
      out[3 * i + 1] = Math.min(255, Math.max(0, Math.round(255 * (g + n.noise * rng.normal()))));
      out[3 * i + 2] = Math.min(255, Math.max(0, Math.round(255 * (b + n.noise * rng.normal()))));
    }
  }
  return out;
}
