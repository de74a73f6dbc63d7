import { describe, expect, it } from 'vitest';
import { sampleImages } from './sampleImages';
import type { BitmapDecoder } from './processImage';

const enc = (s: string) => new TextEncoder().encode(s);
const pgm = (w: number, h: number) => new Blob([enc(`P5 ${w} ${h} 255\n`) as Uint8Array<ArrayBuffer>, new Uint8Array(w * h).fill(90)]);
const ppm = (w: number, h: number, colour: boolean) => {
  const px = new Uint8Array(w * h * 3).fill(120);
  if (colour) px[0] = 250;
  return new Blob([enc(`P6 ${w} ${h} 255\n`) as Uint8Array<ArrayBuffer>, px]);
};
const noBitmaps: BitmapDecoder = () => Promise.reject(new Error('only netpbm here'));

describe('sampleImages', () => {
  it('reads size and greyness of netpbm files, skips what it cannot read, spreads over the selection', async () => {
    const entries = [
      { path: 'f/a/1.pgm', file: pgm(92, 112) },
      { path: 'f/a/2.ppm', file: ppm(40, 30, true) },
      { path: 'f/b/notes.txt', file: new Blob([enc('hello')]) },
      { path: 'f/b/1.ppm', file: ppm(50, 60, false) },
    ];
    const samples = await sampleImages(entries, noBitmaps, 12);
    expect(samples).toEqual([
      { width: 92, height: 112, grey: true },
      { width: 40, height: 30, grey: false },
      { width: 50, height: 60, grey: true },
    ]);
    // Two of four: every second entry.
    expect(await sampleImages(entries, noBitmaps, 2)).toEqual([{ width: 92, height: 112, grey: true }]);
  });
});
