/**
 * FNV-1a 64-bit over raw file bytes, for duplicate detection. Synchronous, runs in Node and in workers, and about as
 * fast as a byte loop can be in JavaScript; collisions are negligible at dataset sizes (2^-64 per pair).
 * The 64-bit product is done in two 32-bit halves because BigInt arithmetic is ~50× slower.
 */

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** The FNV-64 prime is 2^40 + 0x1b3. */
const PRIME_LO = 0x1b3;

/** FNV-1a 64 of `bytes` as 16 lowercase hex digits. */
export function fnv1a64(bytes: Uint8Array): string {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i] as number;
    lo >>>= 0;
    // h * (2^40 + 0x1b3) mod 2^64: low word lo*0x1b3; high word hi*0x1b3 + carry + (lo << 8) (the 2^40 term).
    const loProd = lo * PRIME_LO;
    const carry = Math.floor(loProd / 4294967296);
    const hiNew = hi * PRIME_LO + carry + ((lo << 8) >>> 0);
    lo = loProd >>> 0;
    hi = hiNew >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
