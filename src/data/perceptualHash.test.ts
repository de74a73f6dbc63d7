import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { dHash, findNearDuplicates, hammingDistance } from './perceptualHash';

/** A 9 × 8 gray image whose hash is worked out by hand, row by row (bit c set when pixel c + 1 > pixel c). */
const ROWS = [
  [0, 10, 5, 20, 20, 30, 25, 40, 50], // 1 0 1 0 1 0 1 1 → 0xD5
  [90, 80, 70, 60, 50, 40, 30, 20, 10], // 0x00
  [0, 10, 20, 30, 40, 50, 60, 70, 80], // 0xFF
  [5, 5, 5, 5, 5, 5, 5, 5, 5], // 0x00 (equal is not brighter)
  [0, 10, 5, 20, 20, 30, 25, 40, 50], // 0xD5
  [0, 100, 0, 100, 0, 100, 0, 100, 0], // 1 0 1 0 1 0 1 0 → 0x55
  [0, 10, 20, 30, 40, 50, 60, 70, 80], // 0xFF
  [100, 0, 100, 0, 100, 0, 100, 0, 100], // 0xAA
];
const EXPECTED: [number, number] = [0x00ff00d5, 0xaaff55d5];

/** The fixture scaled up sx × sy by repeating pixels, in `channels` channels (R = G = B). */
function scaled(sx: number, sy: number, channels: 1 | 3): Uint8Array {
  const w = 9 * sx;
  const out = new Uint8Array(w * 8 * sy * channels);
  for (let y = 0; y < 8 * sy; y++)
    for (let x = 0; x < w; x++)
      out.fill(ROWS[Math.floor(y / sy)]![Math.floor(x / sx)]!, (y * w + x) * channels, (y * w + x + 1) * channels);
  return out;
}

/** Oracle: box averages by supersampling each pixel 9 × 8 times, so every cell is an exact block of integers. */
function naiveDHash(gray: Uint8Array, w: number, h: number): [number, number] {
  const cells: number[][] = Array.from({ length: 8 }, () => new Array<number>(9).fill(0));
  for (let Y = 0; Y < h * 8; Y++)
    for (let X = 0; X < w * 9; X++)
      cells[Math.floor(Y / h)]![Math.floor(X / w)]! += gray[Math.floor(Y / 8) * w + Math.floor(X / 9)]!;
  const words: [number, number] = [0, 0];
  for (let r = 0; r < 8; r++)
    for (let c = 0; c < 8; c++)
      if (cells[r]![c + 1]! > cells[r]![c]!) words[r >> 2] = (words[r >> 2]! | (1 << ((r & 3) * 8 + c))) >>> 0;
  return words;
}

describe('dHash', () => {
  it('matches the hand-checked fixture at its own size, scaled up, and in RGB', () => {
    expect(dHash(scaled(1, 1, 1), 9, 8, 1)).toEqual(EXPECTED);
    expect(dHash(scaled(3, 2, 1), 27, 16, 1)).toEqual(EXPECTED);
    expect(dHash(scaled(2, 2, 3), 18, 16, 3)).toEqual(EXPECTED);
  });

  it('agrees with a supersampling oracle on random images of sizes that do not divide by 9 or 8', () => {
    const rng = createRng(3).next;
    for (const [w, h] of [
      [64, 64],
      [32, 32],
      [13, 11],
      [100, 37],
    ] as const) {
      const gray = Uint8Array.from({ length: w * h }, () => Math.floor(rng() * 256));
      expect(dHash(gray, w, h, 1)).toEqual(naiveDHash(gray, w, h));
    }
  });

  it('keeps its bits under a brightness shift and rejects a wrong size', () => {
    const brighter = scaled(2, 2, 1).map((v) => Math.min(255, v + 20));
    expect(dHash(brighter, 18, 16, 1)).toEqual(EXPECTED);
    expect(() => dHash(new Uint8Array(10), 9, 8, 1)).toThrow('10 bytes is not a 9×8×1 image');
  });
});

describe('findNearDuplicates', () => {
  it('finds exactly the cross-identity pairs within maxBits that an all-pairs loop finds', () => {
    const rng = createRng(11).next;
    const n = 400;
    const hashes = new Uint32Array(2 * n);
    const word = () => Math.floor(rng() * 2 ** 32) >>> 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && rng() < 0.3) {
        // A near copy of an earlier image: up to 7 flipped bits.
        const src = Math.floor(rng() * i);
        hashes[2 * i] = hashes[2 * src]!;
        hashes[2 * i + 1] = hashes[2 * src + 1]!;
        for (let f = Math.floor(rng() * 8); f > 0; f--) {
          const bit = Math.floor(rng() * 64);
          hashes[2 * i + (bit >> 5)] = (hashes[2 * i + (bit >> 5)]! ^ (1 << (bit & 31))) >>> 0;
        }
      } else [hashes[2 * i], hashes[2 * i + 1]] = [word(), word()];
    }
    const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * 40));
    for (const maxBits of [0, 4, 7]) {
      const expected = [];
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++) {
          if (labels[a] === labels[b]) continue;
          let bits = 0;
          for (let k = 0; k < 64; k++)
            bits += ((hashes[2 * a + (k >> 5)]! >>> (k & 31)) & 1) ^ ((hashes[2 * b + (k >> 5)]! >>> (k & 31)) & 1);
          if (bits <= maxBits) expected.push({ a, b, bits });
        }
      expected.sort((p, q) => p.bits - q.bits || p.a - q.a || p.b - q.b);
      expect(expected.length).toBeGreaterThan(maxBits === 0 ? 5 : 20);
      expect(findNearDuplicates(hashes, labels, maxBits)).toEqual(expected);
    }
  });

  it('counts bits and refuses a band search it cannot guarantee', () => {
    expect(hammingDistance(Uint32Array.from([0xffffffff, 0, 0, 1]), 0, 1)).toBe(33);
    expect(() => findNearDuplicates(new Uint32Array(2), new Int32Array(1), 8)).toThrow('maxBits must be 0 to 7');
  });
});

describe('scanDuplicates', () => {
  it('flags a re-filed photo and a brightened copy across identities, not the photos of one identity', async () => {
    const { scanDuplicates } = await import('./duplicateScan');
    const rng = createRng(5).next;
    const size = 16 * 16;
    const photo = () => Uint8Array.from({ length: size }, () => Math.floor(rng() * 200));
    const [p0, p1, p2] = [photo(), photo(), photo()];
    // identity 0: p0, p1; identity 1: p2, p0 again (re-filed); identity 2: p1 brightened by 30.
    const images = [p0, p1, p2, p0, p1.map((v) => v + 30)];
    const pixels = new Uint8Array(images.length * size);
    images.forEach((p, i) => pixels.set(p, i * size));
    const pairs = await scanDuplicates({
      pixels,
      labels: Int32Array.from([0, 0, 1, 1, 2]),
      spec: { width: 16, height: 16, channels: 1 },
    });
    expect(pairs).toEqual([
      { a: 0, b: 3, bits: 0 },
      { a: 1, b: 4, bits: 0 },
    ]);
  });
});
