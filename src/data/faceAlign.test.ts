import { describe, expect, it } from 'vitest';
import {
  ALIGNED_EYES,
  alignEyes,
  applySimilarity,
  chooseFace,
  eyeCentres,
  invertSimilarity,
  similarityScale,
  implausibleWholeFrame,
  wholeFrameBoxes,
} from './faceAlign';

/** 68 landmarks, all at (999, 999) except the two eye contours, which are given. */
function landmarksWithEyes(left: [number, number][], right: [number, number][]): Float32Array {
  const l = new Float32Array(136).fill(999);
  left.forEach(([x, y], k) => l.set([x, y], 2 * (36 + k)));
  right.forEach(([x, y], k) => l.set([x, y], 2 * (42 + k)));
  return l;
}

const close = (actual: { x: number; y: number }, x: number, y: number) => {
  expect(actual.x).toBeCloseTo(x, 10);
  expect(actual.y).toBeCloseTo(y, 10);
};

describe('eyeCentres', () => {
  it('averages points 36–41 and 42–47 and nothing else', () => {
    // Hexagons around (13, 20) and (33, 20), worked out by hand.
    const landmarks = landmarksWithEyes(
      [
        [10, 20],
        [12, 18],
        [14, 18],
        [16, 20],
        [14, 22],
        [12, 22],
      ],
      [
        [30, 20],
        [32, 18],
        [34, 18],
        [36, 20],
        [34, 22],
        [32, 23],
      ],
    );
    const { left, right } = eyeCentres(landmarks);
    close(left, 13, 20);
    close(right, 33, 121 / 6);
  });

  it('refuses anything but 68 points', () => {
    expect(() => eyeCentres(new Float32Array(10))).toThrow(/68 landmarks/);
  });
});

/** Round targets for hand computation: eyes at (0.35, 0.38) and (0.65, 0.38). */
const ROUND = { left: { x: 0.35, y: 0.38 }, right: { x: 0.65, y: 0.38 } };

describe('alignEyes', () => {
  it('level eyes: a pure scale and shift, by hand', () => {
    // d = 20 → 0.30 · 100 = 30: scale 1.5; shift so (13, 20) lands on (35, 38).
    const s = alignEyes({ x: 13, y: 20 }, { x: 33, y: 20 }, { width: 100, height: 100 }, ROUND);
    expect(s.a).toBeCloseTo(1.5, 12);
    expect(s.b).toBeCloseTo(0, 12);
    expect(s.tx).toBeCloseTo(35 - 1.5 * 13, 12);
    expect(s.ty).toBeCloseTo(38 - 1.5 * 20, 12);
  });

  it('tilted eyes: rotated level, the eyes land exactly on their targets', () => {
    // Eyes at (0, 0) and (10, 10): 45° and 10√2 apart. Target distance 30, so a + ib = 30 / (10 + 10i) = 1.5 − 1.5i.
    const s = alignEyes({ x: 0, y: 0 }, { x: 10, y: 10 }, { width: 100, height: 100 }, ROUND);
    expect(s.a).toBeCloseTo(1.5, 12);
    expect(s.b).toBeCloseTo(-1.5, 12);
    expect(s.tx).toBeCloseTo(35, 12);
    expect(s.ty).toBeCloseTo(38, 12);
    close(applySimilarity(s, { x: 0, y: 0 }), 35, 38);
    close(applySimilarity(s, { x: 10, y: 10 }), 65, 38);
    // The midpoint goes to the middle of the eye line; (0, 10), half the eye distance off it, to 15 px below.
    close(applySimilarity(s, { x: 5, y: 5 }), 50, 38);
    close(applySimilarity(s, { x: 0, y: 10 }), 50, 53);
    expect(similarityScale(s)).toBeCloseTo(30 / Math.SQRT2 / 10, 12);
  });

  it('uses fractions of width and height for a non-square image', () => {
    const s = alignEyes({ x: 100, y: 50 }, { x: 140, y: 40 }, { width: 200, height: 100 }, ROUND);
    close(applySimilarity(s, { x: 100, y: 50 }), 70, 38);
    close(applySimilarity(s, { x: 140, y: 40 }), 130, 38);
  });

  it('maps to other eye places, and by default to ALIGNED_EYES', () => {
    const d = alignEyes({ x: 3, y: 7 }, { x: 9, y: 1 }, { width: 150, height: 150 });
    close(applySimilarity(d, { x: 3, y: 7 }), ALIGNED_EYES.left.x * 150, ALIGNED_EYES.left.y * 150);
    close(applySimilarity(d, { x: 9, y: 1 }), ALIGNED_EYES.right.x * 150, ALIGNED_EYES.right.y * 150);
    const eyes = { left: { x: 0.3, y: 0.4 }, right: { x: 0.7, y: 0.4 } };
    const s = alignEyes({ x: 3, y: 7 }, { x: 9, y: 1 }, { width: 112, height: 112 }, eyes);
    close(applySimilarity(s, { x: 3, y: 7 }), 33.6, 44.8);
    close(applySimilarity(s, { x: 9, y: 1 }), 78.4, 44.8);
  });

  it('refuses coincident eyes', () => {
    expect(() => alignEyes({ x: 1, y: 1 }, { x: 1, y: 1 }, { width: 64, height: 64 })).toThrow(/coincide/);
  });

  it('puts the eyes where dlib puts them in a face chip with padding 0.25', () => {
    // dlib's mean_face_shape_x / _y (get_face_chip_details), entries 19–24 and 25–30: landmarks 36–41 and 42–47.
    const lx = [0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743];
    const ly = [0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077];
    const rx = [0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335];
    const ry = [0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099];
    const chip = (v: number[]) => (v.reduce((a, b) => a + b, 0) / 6 + 0.25) / 1.5;
    expect(ALIGNED_EYES.left.x).toBeCloseTo(chip(lx), 4);
    expect(ALIGNED_EYES.left.y).toBeCloseTo(chip(ly), 4);
    expect(ALIGNED_EYES.right.x).toBeCloseTo(chip(rx), 4);
    expect(ALIGNED_EYES.right.y).toBeCloseTo(chip(ry), 4);
  });
});

describe('invertSimilarity', () => {
  it('is the inverse, by hand: 1 / (1.5 − 1.5i) = (1 + i) / 3', () => {
    const inv = invertSimilarity({ a: 1.5, b: -1.5, tx: 35, ty: 38 });
    expect(inv.a).toBeCloseTo(1 / 3, 12);
    expect(inv.b).toBeCloseTo(1 / 3, 12);
    expect(inv.tx).toBeCloseTo(1, 12);
    expect(inv.ty).toBeCloseTo(-73 / 3, 12);
    close(applySimilarity(inv, { x: 35, y: 38 }), 0, 0);
    close(applySimilarity(inv, { x: 65, y: 38 }), 10, 10);
  });

  it('refuses a zero scale', () => {
    expect(() => invertSimilarity({ a: 0, b: 0, tx: 1, ty: 1 })).toThrow(/no inverse/);
  });
});

describe('chooseFace', () => {
  const face = (w: number, h: number, score: number) => ({ box: { x: 0, y: 0, width: w, height: h }, score });
  it('keeps the largest box, then the higher score', () => {
    const a = face(10, 10, 0.99);
    const b = face(30, 20, 0.6);
    const c = face(20, 30, 0.9);
    expect(chooseFace([a, b])).toBe(b);
    expect(chooseFace([a, b, c])).toBe(c);
    expect(chooseFace([c, b])).toBe(c);
    expect(chooseFace([])).toBeUndefined();
  });
});

describe('whole-frame landmarks', () => {
  it('three boxes: the frame, its top-left and its bottom-right 88 %', () => {
    const [a, b, c] = wholeFrameBoxes(100, 50);
    expect(a).toEqual({ x: 0, y: 0, width: 100, height: 50 });
    expect(b).toEqual({ x: 0, y: 0, width: 88, height: 44 });
    expect(c?.x).toBeCloseTo(12, 12);
    expect(c?.y).toBeCloseTo(6, 12);
    expect([c?.width, c?.height]).toEqual([88, 44]);
  });

  // A 100 × 120 frame, eyes 40 apart (0.4 of the width).
  const eyes = (lx: number, ly: number, rx: number, ry: number) => ({
    left: { x: lx, y: ly },
    right: { x: rx, y: ry },
  });
  const steady = eyes(30, 50, 70, 50);
  it('accepts level eyes, inside, a sensible distance apart, that stay within 0.25 eye distances (10 px)', () => {
    expect(implausibleWholeFrame([steady, eyes(36, 50, 76, 50), eyes(30, 58, 70, 42)], 100, 120)).toBeNull();
  });

  it('says why it refuses', () => {
    expect(implausibleWholeFrame([], 100, 120)).toBe('no landmarks');
    expect(implausibleWholeFrame([eyes(-1, 50, 70, 50)], 100, 120)).toBe('an eye lies outside the frame');
    expect(implausibleWholeFrame([eyes(30, 50, 70, 121)], 100, 120)).toBe('an eye lies outside the frame');
    expect(implausibleWholeFrame([eyes(70, 50, 30, 50)], 100, 120)).toBe('the eyes are in the wrong order');
    expect(implausibleWholeFrame([eyes(40, 50, 59, 50)], 100, 120)).toBe('the eyes are 0.19 of the width apart');
    expect(implausibleWholeFrame([eyes(5, 50, 86, 50)], 100, 120)).toBe('the eyes are 0.81 of the width apart');
    // 31° (tan 31° = 0.601): 40 across, 24.04 down.
    expect(implausibleWholeFrame([eyes(30, 40, 70, 64.04)], 100, 120)).toBe('the eyes are far from level');
    expect(implausibleWholeFrame([eyes(30, 40, 70, 63)], 100, 120)).toBeNull(); // 29.6°
    // The right eye moves 10.4 px (0.26 eye distances) in the third box.
    expect(implausibleWholeFrame([steady, steady, eyes(30, 50, 80.4, 50)], 100, 120)).toBe(
      'the landmarks moved 0.26 eye distances with the box',
    );
  });
});
