import { describe, expect, it } from 'vitest';
import { gaussianBlobs } from './testData';

describe('gaussianBlobs', () => {
  it('into: the same points written into the given (shared) array', () => {
    const fresh = gaussianBlobs(50, 3, 4, { seed: 9 });
    const into = new Float32Array(new SharedArrayBuffer(50 * 3 * 4));
    const got = gaussianBlobs(50, 3, 4, { seed: 9, into });
    expect(got.data).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(fresh.data));
    expect(() => gaussianBlobs(50, 3, 4, { into: new Float32Array(10) })).toThrow(RangeError);
  });
});
