import { describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, describeAugmentation, drawAugmentation, NO_AUGMENTATION, presetOf } from './augmentation';

/** Applies one image's affine row to an output pixel: the input point it samples. */
const mapPoint = (affine: Float32Array, i: number, x: number, y: number) => {
  const [a0, a1, a2, b0, b1, b2] = Array.from(affine.subarray(i * 6, i * 6 + 6));
  return { x: a0! * x + a1! * y + a2!, y: b0! * x + b1! * y + b2! };
};

describe('augmentation draws', () => {
  it('no augmentation draws the identity for every image', () => {
    const d = drawAugmentation(NO_AUGMENTATION, 5, 32, 7, 3);
    for (let i = 0; i < 5; i++) expect(Array.from(d.affine.subarray(i * 6, i * 6 + 6))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(d.contrast)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(d.gamma)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(d.brightness)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(d.erase).every((v) => v === 0)).toBe(true);
  });

  it('a flip maps column x to S − 1 − x, row to row', () => {
    const d = drawAugmentation({ ...NO_AUGMENTATION, flip: true }, 64, 10, 1, 0);
    let flipped = 0;
    for (let i = 0; i < 64; i++) {
      const p = mapPoint(d.affine, i, 2, 7);
      expect(p.y).toBeCloseTo(7, 6);
      if (Math.abs(p.x - 7) < 1e-6) flipped++;
      else expect(p.x).toBeCloseTo(2, 6);
    }
    // Probability ½ each: 64 draws land far from 0 or 64.
    expect(flipped).toBeGreaterThan(16);
    expect(flipped).toBeLessThan(48);
  });

  it('a random resized crop stays inside the image, with its area in [scale, 1] and aspect in range', () => {
    const S = 32;
    const a = { ...NO_AUGMENTATION, cropScale: 0.5, cropRatio: 1.25 };
    const d = drawAugmentation(a, 200, S, 3, 11);
    for (let i = 0; i < 200; i++) {
      // The output's corner pixel centres map to the crop's corner pixel centres.
      const tl = mapPoint(d.affine, i, 0, 0);
      const br = mapPoint(d.affine, i, S - 1, S - 1);
      const w = ((br.x - tl.x) * S) / (S - 1);
      const h = ((br.y - tl.y) * S) / (S - 1);
      const area = (w * h) / (S * S);
      expect(area).toBeGreaterThanOrEqual(0.5 - 1e-5);
      expect(area).toBeLessThanOrEqual(1 + 1e-5);
      expect(w / h).toBeGreaterThanOrEqual(1 / 1.25 - 1e-4);
      expect(w / h).toBeLessThanOrEqual(1.25 + 1e-4);
      // Crop [x, x + w) in pixel edges: centres from x − ½ + ½·(w/S) … inside [−½, S − ½].
      expect(tl.x).toBeGreaterThanOrEqual(-0.5);
      expect(tl.y).toBeGreaterThanOrEqual(-0.5);
      expect(br.x).toBeLessThanOrEqual(S - 0.5);
      expect(br.y).toBeLessThanOrEqual(S - 0.5);
    }
  });

  it('a rotation keeps distances and turns by at most the set angle', () => {
    const d = drawAugmentation({ ...NO_AUGMENTATION, rotation: 10 }, 50, 21, 9, 2);
    for (let i = 0; i < 50; i++) {
      const c = mapPoint(d.affine, i, 10, 10);
      expect(c.x).toBeCloseTo(10, 5);
      expect(c.y).toBeCloseTo(10, 5);
      const p = mapPoint(d.affine, i, 20, 10);
      expect(Math.hypot(p.x - 10, p.y - 10)).toBeCloseTo(10, 5);
      const angle = (Math.atan2(p.y - 10, p.x - 10) * 180) / Math.PI;
      expect(Math.abs(angle)).toBeLessThanOrEqual(10 + 1e-4);
    }
  });

  it('is a pure function of (seed, step): the same twice, different at another step or seed', () => {
    const a = AUGMENTATION_PRESETS.strong;
    expect(drawAugmentation(a, 8, 32, 4, 9)).toEqual(drawAugmentation(a, 8, 32, 4, 9));
    expect(drawAugmentation(a, 8, 32, 4, 10).affine).not.toEqual(drawAugmentation(a, 8, 32, 4, 9).affine);
    expect(drawAugmentation(a, 8, 32, 5, 9).affine).not.toEqual(drawAugmentation(a, 8, 32, 4, 9).affine);
  });

  it('turning one transform on leaves the draws of the others unchanged', () => {
    const base = { ...NO_AUGMENTATION, flip: true, brightness: 0.2 };
    const a = drawAugmentation(base, 16, 32, 2, 5);
    const b = drawAugmentation({ ...base, erase: 0.5 }, 16, 32, 2, 5);
    expect(b.affine).toEqual(a.affine);
    expect(b.brightness).toEqual(a.brightness);
  });

  it('photometric draws stay in their ranges; erased rectangles cover 2–25 % of the image', () => {
    const a = { ...NO_AUGMENTATION, brightness: 0.1, contrast: 0.2, gamma: 0.3, blur: 0.5, erase: 1 };
    const S = 32;
    const d = drawAugmentation(a, 300, S, 8, 1);
    for (let i = 0; i < 300; i++) {
      expect(Math.abs(d.brightness[i]!)).toBeLessThanOrEqual(0.1 + 1e-7);
      expect(d.contrast[i]!).toBeGreaterThanOrEqual(0.8 - 1e-7);
      expect(d.contrast[i]!).toBeLessThanOrEqual(1.2 + 1e-7);
      expect(Math.abs(Math.log(d.gamma[i]!))).toBeLessThanOrEqual(Math.log(1.3) + 1e-6);
      const [y0, y1, x0, x1] = Array.from(d.erase.subarray(i * 4, i * 4 + 4)) as [number, number, number, number];
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(y1).toBeLessThanOrEqual(S);
      expect(x1).toBeLessThanOrEqual(S);
      const share = ((y1 - y0) * (x1 - x0)) / (S * S);
      // Rounding to whole pixels moves the area a little past the drawn range.
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.3);
    }
    const blurred = Array.from(d.blur).filter((v) => v > 0).length;
    expect(blurred).toBeGreaterThan(100);
    expect(blurred).toBeLessThan(200);
  });

  it('names presets and describes custom settings', () => {
    expect(presetOf(AUGMENTATION_PRESETS.standard)).toBe('standard');
    expect(presetOf({ ...AUGMENTATION_PRESETS.standard, rotation: 3 })).toBe('custom');
    expect(describeAugmentation({ ...NO_AUGMENTATION, flip: true, rotation: 5 })).toBe('custom (flip, rotation ±5°)');
  });
});
