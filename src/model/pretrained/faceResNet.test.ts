import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../common/rng';
import { faceApi } from './faceApi';
import { loadFaceApiWeights } from './faceApiWeights';
import { FaceResNet, faceResNetForward, faceResNetInput, weightsFromMap } from './faceResNet';
import { FACE_RESNET_MEAN_RGB, FACE_RESNET_WEIGHTS } from './faceResNetSpec';
import { FACE_API_MODEL_DIR, nodeAssetReader } from './testing/nodeAssetReader';
import { centreSquare, loadPortrait, resampleSquare } from './testing/portraits';

// The portraits are head-and-shoulders shots; the centre 65 % is about the framing of dlib's 150×150 face chips.
const FACE_FRACTION = 0.65;

let weights: tf.NamedTensorMap;

beforeAll(async () => {
  await tf.setBackend('wasm');
  weights = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
});

afterAll(() => {
  tf.dispose(Object.values(weights));
});

const randomPixels = (length: number, seed: number, scale = 1): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.next() * scale);
};

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return worst;
};

/** Runs a FaceResNet layer eagerly on [B, S, S, C] pixels in [0, 1]; returns the descriptors as rows. */
function layerDescriptors(
  layer: FaceResNet,
  pixels: Float32Array,
  shape: [number, number, number, number],
): number[][] {
  return tf.tidy(() => (layer.apply(tf.tensor4d(pixels, shape)) as tf.Tensor2D).arraySync());
}

describe('FACE_RESNET_WEIGHTS', () => {
  it("lists the package manifest's weights: same names, shapes and order (117 tensors, 5,614,592 values)", () => {
    const manifest = JSON.parse(
      readFileSync(join(FACE_API_MODEL_DIR, 'face_recognition_model-weights_manifest.json'), 'utf8'),
    ) as { weights: { name: string; shape: number[] }[] }[];
    const entries = manifest.flatMap((group) => group.weights);
    expect(FACE_RESNET_WEIGHTS.map((w) => [w.name, [...w.shape]])).toEqual(entries.map((e) => [e.name, e.shape]));
    expect(entries).toHaveLength(117);
    expect(entries.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0)).toBe(5_614_592);
  });
});

describe('faceResNetForward and the FaceResNet layer', () => {
  it("equal face-api's FaceRecognitionNet.computeFaceDescriptor on random and real 150×150 images (≤ 1e-4)", async () => {
    const before = tf.memory().numTensors;
    // face-api's network takes ownership of its weights (net.dispose() frees them), so it gets its own copy.
    const net = new faceApi.FaceRecognitionNet();
    net.loadFromWeightMap((await loadFaceApiWeights('face_recognition_model', nodeAssetReader)) as never);
    const portrait = loadPortrait('women', 3);
    const images = [
      randomPixels(150 * 150 * 3, 1),
      randomPixels(150 * 150 * 3, 2),
      resampleSquare(portrait, centreSquare(portrait, FACE_FRACTION), 150),
    ];
    const want = await Promise.all(
      images.map(async (pixels) => {
        // The package's input scale is 0..255.
        const rgb255 = tf.tensor3d(
          pixels.map((v) => v * 255),
          [150, 150, 3],
        );
        const descriptor = (await net.computeFaceDescriptor(rgb255 as never)) as Float32Array;
        rgb255.dispose();
        return descriptor;
      }),
    );
    net.dispose();

    const batch = Float32Array.from(images.flatMap((pixels) => Array.from(pixels)));
    const viaForward = tf.tidy(() =>
      faceResNetForward(faceResNetInput(tf.tensor4d(batch, [3, 150, 150, 3])), weightsFromMap(weights)).arraySync(),
    );
    const layer = new FaceResNet({ weightMap: weights });
    const viaLayer = layerDescriptors(layer, batch, [3, 150, 150, 3]);
    layer.dispose();

    want.forEach((descriptor, b) => {
      // A real descriptor, not a degenerate one that any broken pipeline could match.
      expect(Math.hypot(...descriptor)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(viaForward[b] ?? [], descriptor)).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(viaLayer[b] ?? [], descriptor)).toBeLessThanOrEqual(1e-4);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('preprocesses like a float64 oracle: half-pixel bilinear resize to 150, gray → RGB, minus MEAN_RGB / 255', () => {
    const before = tf.memory().numTensors;
    for (const [size, channels] of [
      [37, 1],
      [64, 3],
    ] as const) {
      const pixels = randomPixels(size * size * channels, size);
      const got = tf.tidy(() => faceResNetInput(tf.tensor4d(pixels, [1, size, size, channels])).dataSync());
      const scale = size / 150;
      const source = (i: number): [number, number, number] => {
        const at = Math.max(0, (i + 0.5) * scale - 0.5);
        const low = Math.min(Math.floor(at), size - 1);
        return [low, Math.min(low + 1, size - 1), at - low];
      };
      const want = new Float64Array(150 * 150 * 3);
      for (let i = 0; i < 150; i++) {
        const [y0, y1, fy] = source(i);
        for (let j = 0; j < 150; j++) {
          const [x0, x1, fx] = source(j);
          for (let c = 0; c < 3; c++) {
            const p = (y: number, x: number): number =>
              pixels[(y * size + x) * channels + (channels === 1 ? 0 : c)] ?? NaN;
            const top = p(y0, x0) * (1 - fx) + p(y0, x1) * fx;
            const bottom = p(y1, x0) * (1 - fx) + p(y1, x1) * fx;
            want[(i * 150 + j) * 3 + c] = top * (1 - fy) + bottom * fy - (FACE_RESNET_MEAN_RGB[c] ?? NaN) / 255;
          }
        }
      }
      // float32 arithmetic in the kernel; a wrong sampling convention is off by ~0.1 on random pixels.
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a grayscale image the descriptor of its three-channel copy, and a flat colour the same at any size', () => {
    const before = tf.memory().numTensors;
    const layer = new FaceResNet({ weightMap: weights });
    const gray = randomPixels(2 * 48 * 48, 5);
    const rgb = Float32Array.from({ length: gray.length * 3 }, (_, i) => gray[Math.floor(i / 3)] ?? NaN);
    const grayLayer = new FaceResNet({ weightMap: weights });
    const fromGray = layerDescriptors(grayLayer, gray, [2, 48, 48, 1]);
    grayLayer.dispose();
    const fromRgb = layerDescriptors(layer, rgb, [2, 48, 48, 3]);
    expect(maxAbsDiff(fromGray.flat(), fromRgb.flat())).toBeLessThanOrEqual(1e-6);

    const flat = (size: number): Float32Array =>
      Float32Array.from({ length: size * size * 3 }, (_, i) => [0.3, 0.5, 0.7][i % 3] ?? NaN);
    const small = layerDescriptors(layer, flat(40), [1, 40, 40, 3]);
    const native = layerDescriptors(layer, flat(150), [1, 150, 150, 3]);
    expect(maxAbsDiff(small.flat(), native.flat())).toBeLessThanOrEqual(1e-5);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('puts each real photo closer to its own mirrored crop than to any other person (12 portraits)', () => {
    const before = tf.memory().numTensors;
    const people: ['men' | 'women', number][] = [];
    for (let i = 0; i < 6; i++) people.push(['men', i * 7], ['women', i * 5]);
    const portraits = people.map(([group, index]) => loadPortrait(group, index));
    const layer = new FaceResNet({ weightMap: weights });
    const report: string[] = [];
    for (const size of [150, 64]) {
      // Rows 0..11: the photos; rows 12..23: each mirrored, cropped to 90 % and resampled back to `size`.
      const photos = portraits.map((p) => resampleSquare(p, centreSquare(p, FACE_FRACTION), size));
      const partners = portraits.map((p) => resampleSquare(p, centreSquare(p, FACE_FRACTION * 0.9), size, true));
      const rows = [...photos, ...partners];
      const descriptors: number[][] = [];
      for (let start = 0; start < rows.length; start += 8) {
        const chunk = rows.slice(start, start + 8);
        const pixels = Float32Array.from(chunk.flatMap((r) => Array.from(r)));
        descriptors.push(...layerDescriptors(layer, pixels, [chunk.length, size, size, 3]));
      }
      const dist = (a: number, b: number): number =>
        Math.hypot(...(descriptors[a] ?? []).map((v, k) => v - (descriptors[b]?.[k] ?? NaN)));
      const margins = people.map((_, i) => {
        const own = dist(i, 12 + i);
        let nearestOther = Infinity;
        for (let j = 0; j < people.length; j++) {
          if (j !== i) nearestOther = Math.min(nearestOther, dist(i, j), dist(i, 12 + j));
        }
        return { own, nearestOther, margin: nearestOther - own };
      });
      report.push(
        `S=${size}: own ${margins.map((m) => m.own.toFixed(2)).join(' ')}; nearest other ` +
          `${margins.map((m) => m.nearestOther.toFixed(2)).join(' ')}; margins ` +
          `${margins.map((m) => m.margin.toFixed(2)).join(' ')}`,
      );
      for (const m of margins) expect(m.margin).toBeGreaterThan(0);
    }
    console.log(`same-person margins (euclidean, 128-d descriptors):\n${report.join('\n')}`);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('FaceResNet lifecycle', () => {
  it('copies the weights at construction: the caller may dispose its map before the layer is used', () => {
    const before = tf.memory().numTensors;
    const copy: tf.NamedTensorMap = {};
    for (const [name, t] of Object.entries(weights)) copy[name] = tf.clone(t);
    const layer = new FaceResNet({ weightMap: copy });
    tf.dispose(Object.values(copy));
    const pixels = randomPixels(2 * 32 * 32 * 3, 9);
    const got = layerDescriptors(layer, pixels, [2, 32, 32, 3]);
    const want = tf.tidy(() =>
      faceResNetForward(faceResNetInput(tf.tensor4d(pixels, [2, 32, 32, 3])), weightsFromMap(weights)).arraySync(),
    );
    expect(maxAbsDiff(got.flat(), want.flat())).toBe(0);
    expect(layer.weights.map((w) => w.originalName)).toEqual(FACE_RESNET_WEIGHTS.map((w) => `${layer.name}/${w.name}`));
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an incomplete or misshapen weight map without leaking, and frees an unused layer', () => {
    const before = tf.memory().numTensors;
    const { fc, ...withoutFc } = weights;
    expect(() => new FaceResNet({ weightMap: withoutFc })).toThrow(/lack fc/);
    const wrong = tf.zeros([128, 256]);
    expect(() => new FaceResNet({ weightMap: { ...weights, fc: wrong } })).toThrow(/fc has shape \[128,256\]/);
    wrong.dispose();
    expect(fc).toBeDefined();
    expect(tf.memory().numTensors).toBe(before);
    new FaceResNet({ weightMap: weights }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
