import { describe, expect, it } from 'vitest';
import { NetpbmError, parseNetpbm } from './netpbm';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return Uint8Array.from(out);
};

describe('parseNetpbm', () => {
  it('reads ASCII P2 with comments, maxval 255', () => {
    const img = parseNetpbm(
      enc('P2\n# made by hand\n3 2 # width height\n255\n0 10 20\n# mid-raster comment\n30 40 255\n'),
    );
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 1]);
    expect(Array.from(img.data)).toEqual([0, 10, 20, 30, 40, 255]);
  });
  it('rescales ASCII P2 with maxval 15 and 65535', () => {
    expect(Array.from(parseNetpbm(enc('P2 2 1 15 0 15')).data)).toEqual([0, 255]);
    // 32768·255/65535 = 127.50… → 128; 257 → 1 exactly.
    expect(Array.from(parseNetpbm(enc('P2\n3 1\n65535\n32768 257 65535\n')).data)).toEqual([128, 1, 255]);
  });
  it('reads ASCII P3 as RGB', () => {
    const img = parseNetpbm(enc('P3\n2 1\n255\n255 0 0  0 0 255\n'));
    expect(img.channels).toBe(3);
    expect(Array.from(img.data)).toEqual([255, 0, 0, 0, 0, 255]);
  });
  it('reads binary P5 maxval 255, where sample bytes may look like whitespace or #', () => {
    const img = parseNetpbm(cat(enc('P5\n# c\n2 2\n255\n'), [0x0a, 0x23, 0x20, 200]));
    expect(Array.from(img.data)).toEqual([10, 35, 32, 200]);
  });
  it('reads binary P6 maxval 65535 big-endian', () => {
    const img = parseNetpbm(cat(enc('P6 1 1 65535\n'), [0xff, 0xff, 0x80, 0x00, 0x01, 0x01]));
    expect(Array.from(img.data)).toEqual([255, 128, 1]);
  });
  it('reads binary P5 maxval 100 (12750/100 = 127.5 rounds to 128)', () => {
    expect(Array.from(parseNetpbm(cat(enc('P5 2 1 100\n'), [50, 100])).data)).toEqual([128, 255]);
  });
  it('reports truncation and corruption with their kind', () => {
    const kind = (bytes: Uint8Array): string => {
      try {
        parseNetpbm(bytes);
        return 'ok';
      } catch (e) {
        return e instanceof NetpbmError ? e.kind : 'other';
      }
    };
    expect(kind(cat(enc('P5 2 2 255\n'), [1, 2, 3]))).toBe('truncated');
    expect(kind(enc('P2 2 2 255 1 2 3'))).toBe('truncated');
    expect(kind(enc('P5 2'))).toBe('truncated');
    expect(kind(enc('P2 2 1 255 1 x'))).toBe('corrupt');
    expect(kind(enc('P2 2 1 255 1 300'))).toBe('corrupt');
    expect(kind(enc('P2 0 1 255 '))).toBe('corrupt');
    expect(kind(enc('P2 1 1 70000 1'))).toBe('corrupt');
  });
});
