import { describe, expect, it } from 'vitest';
import { isGrey, suggestSpec } from './suggestSpec';

const rgb = (pixels: number[][]) => ({ width: pixels.length, height: 1, channels: 3 as const, data: Uint8Array.from(pixels.flat()) });

describe('suggestSpec', () => {
  it('a grey 92×112 face set is stored at 64² grayscale', () => {
    const s = suggestSpec(Array.from({ length: 12 }, () => ({ width: 92, height: 112, grey: true })));
    expect(s).toMatchObject({ resolution: 64, channels: 1 });
    expect(s!.reason).toContain('all 92×112');
  });

  it('colour anywhere in the sample keeps RGB; small photos are not upscaled past their short side', () => {
    const s = suggestSpec([
      { width: 40, height: 50, grey: true },
      { width: 50, height: 40, grey: false },
      { width: 52, height: 60, grey: true },
    ]);
    // Median short side 40 → 32 (multiple of 16 at or below it).
    expect(s).toMatchObject({ resolution: 32, channels: 3 });
    expect(suggestSpec([{ width: 250, height: 250, grey: false }])).toMatchObject({ resolution: 64, channels: 3 });
    expect(suggestSpec([{ width: 20, height: 20, grey: true }])).toMatchObject({ resolution: 32 });
    expect(suggestSpec([])).toBeNull();
  });

  it('isGrey: equal channels within JPEG rounding are grey, a coloured pixel is not', () => {
    expect(isGrey(rgb([[10, 10, 10], [200, 203, 198]]))).toBe(true);
    expect(isGrey(rgb([[10, 10, 10], [200, 120, 90]]))).toBe(false);
    expect(isGrey({ width: 1, height: 1, channels: 1, data: Uint8Array.from([7]) })).toBe(true);
  });
});
