/**
 * Perceptual hashes to flag duplicate and near-duplicate photos across identities: a mislabelled or twice-filed
 * photo is what breaks hard mining (Hermans et al. 2017 found such images in Market-1501). dHash (Krawetz, "Kind of
 * Like That", 2013): the image in luminance, box-averaged to 9 × 8, one bit per horizontal neighbour pair,
 * set when the right pixel is brighter (the convention of Python's `imagehash.dhash`). Resizing, re-encoding and
 * brightness shifts keep most bits; a different face flips about half. Pure TypeScript over raw HWC pixels.
 * No npm package fit: blockhash-core is unmaintained since 2020 and the others need a canvas or sharp.
 */
import { assert } from '../common/assert';

const COLS = 9;
const ROWS = 8;
/** Up to this Hamming distance (of 64 bits) two images count as near-duplicates; 0 is the same picture. */
export const NEAR_DUPLICATE_BITS = 6;

/** For each of `dst` cells, the source indices it covers and their overlap weights (box filter, exact fractions). */
function boxWeights(src: number, dst: number): { index: number; weight: number }[][] {
  const scale = src / dst;
  return Array.from({ length: dst }, (_, d) => {
    const from = d * scale;
    const to = (d + 1) * scale;
    const out: { index: number; weight: number }[] = [];
    for (let s = Math.floor(from); s < Math.min(src, Math.ceil(to)); s++) {
      const w = Math.min(to, s + 1) - Math.max(from, s);
      if (w > 1e-12) out.push({ index: s, weight: w / scale });
    }
    return out;
  });
}

/**
 * dHash of one HWC uint8 image as two 32-bit words: bit (r·8 + c) of the 64 is row r's pair c; rows 0–3 in word 0.
 * @param pixels [height, width, channels] (1 = gray, 3 = RGB, luminance by ITU-R 601 weights)
 */
export function dHash(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): [number, number] {
  assert(
    pixels.length === width * height * channels,
    `${pixels.length} bytes is not a ${width}×${height}×${channels} image`,
  );
  const colW = boxWeights(width, COLS);
  const rowW = boxWeights(height, ROWS);
  // Columns first: [height, 9] luminance averages.
  const narrow = new Float64Array(height * COLS);
  for (let y = 0; y < height; y++)
    for (let c = 0; c < COLS; c++) {
      let sum = 0;
      for (const { index: x, weight } of colW[c]!) {
        const p = (y * width + x) * channels;
        const lum =
          channels === 1
            ? (pixels[p] as number)
            : 0.299 * (pixels[p] as number) + 0.587 * (pixels[p + 1] as number) + 0.114 * (pixels[p + 2] as number);
        sum += weight * lum;
      }
      narrow[y * COLS + c] = sum;
    }
  const words: [number, number] = [0, 0];
  for (let r = 0; r < ROWS; r++) {
    const cell = new Float64Array(COLS);
    for (const { index: y, weight } of rowW[r]!)
      for (let c = 0; c < COLS; c++) cell[c] = (cell[c] as number) + weight * (narrow[y * COLS + c] as number);
    for (let c = 0; c < COLS - 1; c++) {
      // A tolerance so that equal cells computed along different float paths never count as "brighter".
      if ((cell[c + 1] as number) > (cell[c] as number) + 1e-9) {
        const bit = r * 8 + c;
        words[bit >> 5] = (words[bit >> 5]! | (1 << (bit & 31))) >>> 0;
      }
    }
  }
  return words;
}

/** Set bits of a 32-bit word. */
function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between hashes i and j of a [2N] word array. */
export function hammingDistance(hashes: Uint32Array, i: number, j: number): number {
  return (
    popcount(((hashes[2 * i] as number) ^ (hashes[2 * j] as number)) >>> 0) +
    popcount(((hashes[2 * i + 1] as number) ^ (hashes[2 * j + 1] as number)) >>> 0)
  );
}

export interface DuplicatePair {
  /** Image indices, a < b. */
  a: number;
  b: number;
  /** Hamming distance of their hashes (0 to maxBits). */
  bits: number;
}

/**
 * Pairs of images in different identities whose hashes differ in at most `maxBits` bits, closest first. Candidates
 * come from 8 bands of 8 bits: two hashes within 7 bits agree on at least one band (pigeonhole), so none is missed,
 * and unrelated images rarely meet, so a large dataset is not compared pair by pair.
 * @param hashes [2N] words from dHash
 * @param labels [N] identity of each image
 */
export function findNearDuplicates(
  hashes: Uint32Array,
  labels: Int32Array,
  maxBits = NEAR_DUPLICATE_BITS,
): DuplicatePair[] {
  assert(
    Number.isInteger(maxBits) && maxBits >= 0 && maxBits <= 7,
    `maxBits must be 0 to 7 (the band search), got ${maxBits}`,
  );
  const n = labels.length;
  assert(hashes.length === 2 * n, `${hashes.length / 2} hashes for ${n} images`);
  const seen = new Set<number>();
  const out: DuplicatePair[] = [];
  for (let band = 0; band < 8; band++) {
    const buckets = new Map<number, number[]>();
    const word = band >> 2;
    const shift = (band & 3) * 8;
    for (let i = 0; i < n; i++) {
      const key = ((hashes[2 * i + word] as number) >>> shift) & 0xff;
      let list = buckets.get(key);
      if (!list) buckets.set(key, (list = []));
      list.push(i);
    }
    for (const list of buckets.values())
      for (let x = 0; x < list.length; x++)
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x] as number;
          const b = list[y] as number;
          if (labels[a] === labels[b]) continue;
          const id = a * n + b;
          if (seen.has(id)) continue;
          seen.add(id);
          const bits = hammingDistance(hashes, a, b);
          if (bits <= maxBits) out.push({ a, b, bits });
        }
  }
  return out.sort((p, q) => p.bits - q.bits || p.a - q.a || p.b - q.b);
}
