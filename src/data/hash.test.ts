import { describe, expect, it } from 'vitest';
import { fnv1a64 } from './hash';

/** Independent oracle: the textbook definition with BigInt. */
function fnvBigInt(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('fnv1a64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64(text(''))).toBe('cbf29ce484222325');
    expect(fnv1a64(text('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(text('foobar'))).toBe('85944171f73967e8');
  });
  it('matches a BigInt oracle on random bytes', () => {
    const bytes = new Uint8Array(5000);
    let s = 1;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    for (const n of [1, 7, 255, 1024, 5000])
      expect(fnv1a64(bytes.subarray(0, n))).toBe(fnvBigInt(bytes.subarray(0, n)));
  });
});
