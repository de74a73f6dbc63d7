/** Each transform against a hand-computed float64 oracle, on cpu; the same draws on wasm as on cpu. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, drawAugmentation, NO_AUGMENTATION, type AugmentDraws, type Augmentation } from '../data/augmentation';
import { augmentBatch } from './augment';

const S = 6;
const C = 2;
/** Two 6×6×2 images with distinct smooth values in (0, 1). */
const PIXELS = Float32Array.from({ length: 2 * S * S * C }, (_, i) => 0.05 + 0.9 * ((Math.sin(i * 1.7) + 1) / 2));
const at = (b: number, y: number, x: number, c: number) => PIXELS[((b * S + y) * S + x) * C + c] as number;

/** Identity draws for B images, to be edited per test. */
function identity(B: number): AugmentDraws {
  return drawAugmentation(NO_AUGMENTATION, B, S, 0, 0);
}

async function run(draws: AugmentDraws, augmentation: Augmentation, pixels = PIXELS): Promise<Float32Array> {
  const x = tf.tensor4d(pixels, [pixels.length / (S * S * C), S, S, C]);
  const y = augmentBatch(x, draws, augmentation);
  const out = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return out;
}

/** Expects `got` to equal the oracle f(b, y, x, c) everywhere. */
function expectImages(got: Float32Array, oracle: (b: number, y: number, x: number, c: number) => number, digits = 5) {
  for (let b = 0; b < 2; b++)
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++)
        for (let c = 0; c < C; c++) expect(got[((b * S + y) * S + x) * C + c]).toBeCloseTo(oracle(b, y, x, c), digits);
}

describe('augmentBatch against hand-computed images (cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a crop of the whole image with no flip is the identity', async () => {
    const got = await run(identity(2), { ...NO_AUGMENTATION, cropScale: 0.999 });
    expectImages(got, (b, y, x, c) => at(b, y, x, c), 6);
  });

  it('a flip is a mirror', async () => {
    const draws = identity(2);
    draws.affine.set([-1, 0, S - 1, 0, 1, 0], 6); // the second image only
    const got = await run(draws, { ...NO_AUGMENTATION, flip: true });
    expectImages(got, (b, y, x, c) => (b === 1 ? at(b, y, S - 1 - x, c) : at(b, y, x, c)), 6);
  });

  it('a half-size crop is the bilinear sample of the crop: the draw mapped through the affine map', async () => {
    const a = { ...NO_AUGMENTATION, cropScale: 0.3, cropRatio: 1.3, flip: true, rotation: 20 };
    const draws = drawAugmentation(a, 2, S, 5, 1);
    const got = await run(draws, a);
    // Oracle: bilinear interpolation in float64 with coordinates clamped to the border ('nearest' fill).
    const clamp = (v: number) => Math.min(S - 1, Math.max(0, v));
    expectImages(got, (b, y, x, c) => {
      const [a0, a1, a2, b0, b1, b2] = Array.from(draws.affine.subarray(b * 6, b * 6 + 6)) as number[];
      const xi = a0! * x + a1! * y + a2!;
      const yi = b0! * x + b1! * y + b2!;
      // Outside the image, tf's 'nearest' fill samples the nearest border pixel.
      const X = clamp(xi);
      const Y = clamp(yi);
      const x0 = Math.floor(X);
      const y0 = Math.floor(Y);
      const x1 = Math.min(S - 1, x0 + 1);
      const y1 = Math.min(S - 1, y0 + 1);
      const fx = X - x0;
      const fy = Y - y0;
      return (
        (1 - fy) * ((1 - fx) * at(b, y0, x0, c) + fx * at(b, y0, x1, c)) + fy * ((1 - fx) * at(b, y1, x0, c) + fx * at(b, y1, x1, c))
      );
    }, 4);
  });

  it('gamma, then contrast about the image mean, then brightness, clipped to [0, 1]', async () => {
    const draws = identity(2);
    draws.gamma.set([0.7, 1.4]);
    draws.contrast.set([1.3, 0.8]);
    draws.brightness.set([0.1, -0.2]);
    const got = await run(draws, { ...NO_AUGMENTATION, brightness: 0.2, contrast: 0.3, gamma: 0.4 });
    const means = [0, 1].map((b) => {
      let s = 0;
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < C; c++) s += Math.pow(at(b, y, x, c), draws.gamma[b]!);
      return s / (S * S * C);
    });
    expectImages(got, (b, y, x, c) => {
      const g = Math.pow(at(b, y, x, c), draws.gamma[b]!);
      const v = (g - means[b]!) * draws.contrast[b]! + means[b]! + draws.brightness[b]!;
      return Math.min(1, Math.max(0, v));
    });
  });

  it('blur mixes in a reflect-padded 3×3 Gaussian (σ = 1) at the drawn strength', async () => {
    const draws = identity(2);
    draws.blur.set([0, 0.6]);
    const got = await run(draws, { ...NO_AUGMENTATION, blur: 1 });
    const w = [Math.exp(-0.5), 1, Math.exp(-0.5)];
    const sum = w[0]! + w[1]! + w[2]!;
    const reflect = (v: number) => (v < 0 ? -v : v >= S ? 2 * S - 2 - v : v);
    expectImages(got, (b, y, x, c) => {
      let blurred = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) blurred += ((w[dy + 1]! * w[dx + 1]!) / (sum * sum)) * at(b, reflect(y + dy), reflect(x + dx), c);
      return at(b, y, x, c) + draws.blur[b]! * (blurred - at(b, y, x, c));
    });
  });

  it('random erasing fills the rectangle [y0, y1) × [x0, x1) with its grey and leaves the rest', async () => {
    const draws = identity(2);
    draws.erase.set([1, 3, 2, 5], 4);
    draws.eraseValue.set([0, 0.25]);
    const got = await run(draws, { ...NO_AUGMENTATION, erase: 1 });
    expectImages(got, (b, y, x, c) => (b === 1 && y >= 1 && y < 3 && x >= 2 && x < 5 ? 0.25 : at(b, y, x, c)), 6);
  });

  it('allocates nothing that outlives the call', async () => {
    const before = tf.memory().numTensors;
    await run(drawAugmentation(AUGMENTATION_PRESETS.strong, 2, S, 1, 1), { ...AUGMENTATION_PRESETS.strong, blur: 1, erase: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('augmentBatch: a seed gives the same views on cpu and wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('every transform on, 2 images', async () => {
    const a = { ...AUGMENTATION_PRESETS.strong, blur: 1, erase: 1 };
    const draws = drawAugmentation(a, 2, S, 42, 17);
    await tf.setBackend('cpu');
    const cpu = await run(draws, a);
    await tf.setBackend('wasm');
    await tf.ready();
    const wasm = await run(drawAugmentation(a, 2, S, 42, 17), a);
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(cpu[i]! - wasm[i]!));
    expect(worst).toBeLessThan(1e-5);
    // And the views differ from the stored images (the draws did something).
    expect(cpu.some((v, i) => Math.abs(v - PIXELS[i]!) > 0.05)).toBe(true);
  });
});
