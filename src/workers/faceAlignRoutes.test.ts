/**
 * The route each image's face is found by, with a fake detector scripted by the image's gray level: which passes run,
 * in which order, how often (several small images per mosaic pass), and where the eyes come back to.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawImage } from '../data/imageSpec';
import type { DetectedFace, FaceBox, FaceDetector } from '../model/pretrained/faceDetector';
import { alignFaces, createFaceAlignForm } from './faceAlignForm';

const SPEC = { width: 16, height: 16, channels: 1 as const };
const flat = (width: number, height: number, v: number): RawImage => ({
  width,
  height,
  channels: 1,
  data: new Uint8Array(width * height).fill(v),
});

/**
 * Levels: 10 found in the 4 × 4 mosaic, 20 in the 2 × 2 one, 30 only in the upscaled copy, 40 nowhere but with
 * steady whole-frame landmarks, 50 nowhere (landmarks that move with the box), 60 two faces in a 4 × 4 cell; photos
 * (200²): 70 as is, 80 padded, 90 nowhere; 99 makes every pass that sees it throw. Each pass is logged by its input
 * size (both mosaics are 512²; the upscaled copy of a 92 × 112 is 421 × 512). Both mosaics being 512², the fake
 * reads them as the grids `mosaics` lists, in order; a different sequence of passes reads them wrong and fails.
 */
function fakeDetector(mosaics: number[]): FaceDetector & { passes: string[] } {
  const passes: string[] = [];
  const levelAt = (image: tf.Tensor3D, x: number, y: number): number => {
    const w = image.shape[1];
    return image.dataSync()[(Math.floor(y) * w + Math.floor(x)) * 3] as number;
  };
  const face = (x: number, y: number, width: number, height: number, score = 0.9): DetectedFace => ({
    box: { x, y, width, height },
    score,
  });
  return {
    passes,
    locate(image) {
      const [h, w] = image.shape;
      passes.push(`${w}×${h}`);
      const found: DetectedFace[] = [];
      const grid = w === 512 && h === 512 ? (mosaics.shift() ?? -1) : 0;
      if (grid > 0) {
        const cell = 512 / grid;
        for (let k = 0; k < grid * grid; k++) {
          const x = (k % grid) * cell;
          const y = Math.floor(k / grid) * cell;
          const v = levelAt(image, x + cell / 2, y + cell / 2);
          if (v === 99) return Promise.reject(new Error('out of memory'));
          const hit = grid === 4 ? v === 10 || v === 60 : v === 20;
          if (hit) found.push(grid === 4 ? face(x + 20, y + 10, 85, 105) : face(x + 60, y + 45, 135, 165));
          if (grid === 4 && v === 60) found.push(face(x + 4, y + 4, 10, 10, 0.95));
        }
        return Promise.resolve(found);
      }
      const v = levelAt(image, w / 2, h / 2);
      if (v === 99) return Promise.reject(new Error('out of memory'));
      const hit = (w === 200 && v === 70) || (w === 421 && v === 30) || (w === 300 && v === 80);
      return Promise.resolve(hit ? [face(w * 0.2, h * 0.2, w * 0.6, h * 0.6)] : []);
    },
    landmarks(image, box: FaceBox) {
      return this.landmarksBatch(image, [box]).then((l) => l[0] as Float32Array);
    },
    landmarksBatch(image, boxes) {
      return Promise.resolve(
        boxes.map((box) => {
          const v = levelAt(image, box.x + box.width / 2, box.y + box.height / 2);
          // Eyes at 30 % and 70 % of the box's width, 40 % of its height; level 40's stay at (30, 45) and (62, 45).
          const left = v === 40 ? [30, 45] : [box.x + 0.3 * box.width, box.y + 0.4 * box.height];
          const right = v === 40 ? [62, 45] : [box.x + 0.7 * box.width, box.y + 0.4 * box.height];
          const flat68 = new Float32Array(136);
          for (let i = 0; i < 68; i++) flat68.set(i >= 36 && i < 42 ? left : i >= 42 && i < 48 ? right : [0, 0], 2 * i);
          return flat68;
        }),
      );
    },
    dispose() {},
  };
}

describe('alignFaces: the route to each face', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('small images: a 4 × 4 mosaic pass for up to 16, then 2 × 2, upscaled, whole-frame landmarks, in that order', async () => {
    const detector = fakeDetector([4, 2]);
    const levels = [10, 20, 30, 40, 50, 60, 10, 10, 10, 10];
    const before = tf.memory().numTensors;
    const results = await alignFaces(
      levels.map((v) => flat(92, 112, v)),
      SPEC,
      detector,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => (r.ok ? [r.route, r.faces] : [r.reason]))).toEqual([
      ['detectedPadded', 1],
      ['detectedUpscaled', 1],
      ['detectedUpscaled', 1],
      ['landmarksWholeFrame', 1],
      ['noFace'],
      ['detectedPadded', 2],
      ['detectedPadded', 1],
      ['detectedPadded', 1],
      ['detectedPadded', 1],
      ['detectedPadded', 1],
    ]);
    // One 4 × 4 mosaic for the ten; one 2 × 2 for the four it missed; the upscaled copy (1.5 × 112 = 168 → 512, and
    // 421 = round(92 · 512/168 · 1.5)) for the three that one missed.
    expect(detector.passes).toEqual(['512×512', '512×512', '421×512', '421×512', '421×512']);
    const why = results[4];
    expect(why?.ok === false && why.detail).toMatch(
      /^whole-frame landmarks: the landmarks moved 0\.\d\d eye distances/,
    );
  });

  it('maps the eyes and the face box back to the image through each mosaic cell and the upscale', async () => {
    const results = await alignFaces(
      [flat(92, 112, 10), flat(92, 112, 20), flat(92, 112, 30), flat(92, 112, 40)],
      SPEC,
      fakeDetector([4, 2]),
    );
    const eyes = results.map((r) => (r.ok ? r.eyes : undefined));
    // 4 × 4, cell 0: the crop at its own size from (18, 8); the fake's box is (20, 10, 85, 105), so the eyes are at
    // (20 + 25.5, 10 + 42) and (20 + 59.5, 52) on the canvas.
    expect(eyes[0]).toEqual({ left: { x: 27.5, y: 44 }, right: { x: 61.5, y: 44 } });
    // 2 × 2, cell 0: scale 170/112 from ((256 − 92·170/112)/2, 43); the fake's box is (60, 45, 135, 165).
    const s2 = 170 / 112;
    const dx2 = (256 - 92 * s2) / 2;
    expect(eyes[1]?.left.x).toBeCloseTo((60 + 0.3 * 135 - dx2) / s2, 4);
    expect(eyes[1]?.right.x).toBeCloseTo((60 + 0.7 * 135 - dx2) / s2, 4);
    expect(eyes[1]?.right.y).toBeCloseTo((45 + 0.4 * 165 - 43) / s2, 4);
    // Upscaled: 92 × 112 at 512/168 on a 421 × 512 canvas, offsets round((421 − 92·k)/2) and round((512 − 112·k)/2).
    const k = 512 / 168;
    const ox = Math.round((421 - 92 * k) / 2);
    const oy = Math.round((512 - 112 * k) / 2);
    expect(eyes[2]?.left.x).toBeCloseTo((0.2 * 421 + 0.3 * 0.6 * 421 - ox) / k, 4);
    expect(eyes[2]?.left.y).toBeCloseTo((0.2 * 512 + 0.4 * 0.6 * 512 - oy) / k, 4);
    // Whole frame: the landmarks as given.
    expect(eyes[3]).toEqual({ left: { x: 30, y: 45 }, right: { x: 62, y: 45 } });
    // The boxes the same way: the fake's canvas box less the placement's offset, over its scale.
    const boxes = results.map((r) => (r.ok ? r.box : undefined));
    expect(boxes[0]).toEqual({ x: 2, y: 2, width: 85, height: 105 });
    for (const [got, want] of [
      [boxes[1], [(60 - dx2) / s2, (45 - 43) / s2, 135 / s2, 165 / s2]],
      [boxes[2], [(0.2 * 421 - ox) / k, (0.2 * 512 - oy) / k, (0.6 * 421) / k, (0.6 * 512) / k]],
    ] as const)
      [got?.x, got?.y, got?.width, got?.height].forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 4));
    expect(boxes[3]).toEqual({ x: 0, y: 0, width: 92, height: 112 });
  });

  it('photos: as is, then padded 1.5×, then whole-frame landmarks; an error fails only its own image', async () => {
    const detector = fakeDetector([4, 4, 4, 2, 2]);
    const before = tf.memory().numTensors;
    const results = await alignFaces(
      [flat(200, 200, 70), flat(200, 200, 80), flat(200, 200, 90), flat(92, 112, 99), flat(92, 112, 10)],
      SPEC,
      detector,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => (r.ok ? r.route : r.reason))).toEqual([
      'detected',
      'detectedPadded',
      'noFace',
      'faceDetectionFailed',
      'detectedPadded',
    ]);
    // The 4 × 4 mosaic with the failing image threw, so each of its images was tried in a mosaic of its own; the
    // failing one failed again there and in the 2 × 2 stage, then fails its last detector pass (upscaled), which
    // says why.
    expect(detector.passes).toEqual([
      ...['512×512', '512×512', '512×512', '512×512', '512×512'],
      ...['200×200', '200×200', '300×300', '200×200', '300×300'],
      '421×512',
    ]);
    const failed = results[3];
    expect(failed?.ok === false && failed.detail).toBe('out of memory');
    // As is, the fake's box (0.2 w, 0.2 h, 0.6 w, 0.6 h); padded, that box on the 300² canvas less its 50 px margin.
    expect(results[0]?.ok && results[0].box).toEqual({ x: 40, y: 40, width: 120, height: 120 });
    expect(results[1]?.ok && results[1].box).toEqual({ x: 10, y: 10, width: 180, height: 180 });
  });

  it('the worker form: images held together share one mosaic pass; a detector that cannot start fails each', async () => {
    const detector = fakeDetector([4]);
    const form = createFaceAlignForm(() => Promise.resolve(detector));
    form.hold();
    form.hold();
    const [a, b] = await Promise.all([form.toStored(flat(92, 112, 10), SPEC), form.toStored(flat(92, 112, 60), SPEC)]);
    expect([a.ok && a.faces, b.ok && b.faces]).toEqual([1, 2]);
    expect(detector.passes).toEqual(['512×512']);

    const broken = createFaceAlignForm(() => Promise.reject(new Error('no wasm')));
    broken.hold();
    expect(await broken.toStored(flat(92, 112, 10), SPEC)).toEqual({
      ok: false,
      reason: 'faceDetectionFailed',
      detail: 'the face detector did not start: no wasm',
    });
  });
});
