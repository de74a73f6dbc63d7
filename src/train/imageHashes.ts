/** The lab's FNV-1a 64 (src/data/hash.ts) of each packaged image's pixels: train.py names the files that differ. */
import { fnv1a64 } from '../data/hash';

/**
 * @param pixels [N, S, S, C] uint8 images, one after another
 * @param count N
 * @returns N hashes of 16 hex digits
 */
export function imageHashes(pixels: Uint8Array, count: number): string[] {
  const bytes = count > 0 ? pixels.length / count : 0;
  return Array.from({ length: count }, (_, i) => fnv1a64(pixels.subarray(i * bytes, (i + 1) * bytes)));
}
