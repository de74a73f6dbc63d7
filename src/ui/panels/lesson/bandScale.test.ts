import { describe, expect, it } from 'vitest';
import { bandMax, fromX, marginAfterKey, marginFromX, niceCeil, stackLanes, ticks, toX } from './bandScale';

describe('bandScale', () => {
  const s = { max: 2, width: 440, pad: 20 };

  it('maps distances to pixels and back', () => {
    expect(toX(0, s)).toBe(20);
    expect(toX(2, s)).toBe(420);
    expect(toX(1, s)).toBe(220);
    expect(toX(5, s)).toBe(420); // clamped to the axis
    expect(fromX(220, s)).toBe(1);
  });

  it('rounds the axis up to a nice number that holds the band edge', () => {
    expect(niceCeil(0.83)).toBe(1);
    expect(niceCeil(1.1)).toBe(2);
    expect(niceCeil(2.1)).toBe(2.5);
    expect(niceCeil(3)).toBe(5);
    expect(niceCeil(0)).toBe(1);
    expect(bandMax([0.2, 0.9], 0.5, 0.2)).toBe(1);
    expect(bandMax([0.2, 0.9], 0.9, 1.5)).toBe(5);
    expect(bandMax([0.2, 0.9], NaN, 1.5)).toBe(1);
  });

  it('ticks at 1-2-5 steps without float dust', () => {
    expect(ticks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(2.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(ticks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(ticks(0.25)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
  });

  it('gives the margin whose band edge lies under the pointer, in hundredths, clamped', () => {
    expect(marginFromX(toX(1.234, s), 1, s, 2)).toBe(0.23);
    expect(marginFromX(toX(0.5, s), 1, s, 2)).toBe(0); // left of d(a,p): m = 0
    expect(marginFromX(1000, 0, s, 1.5)).toBe(1.5);
  });

  it('moves the margin by the slider keys', () => {
    expect(marginAfterKey(0.2, 'ArrowRight', false, 2)).toBe(0.21);
    expect(marginAfterKey(0.2, 'ArrowLeft', true, 2)).toBe(0.1);
    expect(marginAfterKey(0.2, 'ArrowUp', true, 2)).toBe(0.3);
    expect(marginAfterKey(0.005, 'ArrowDown', false, 2)).toBe(0);
    expect(marginAfterKey(1.95, 'PageUp', false, 2)).toBe(2);
    expect(marginAfterKey(0.7, 'Home', false, 2)).toBe(0);
    expect(marginAfterKey(0.7, 'End', false, 2)).toBe(2);
    expect(marginAfterKey(0.7, 'a', false, 2)).toBeNull();
  });

  it('stacks markers closer than the gap in lanes, wrapping past the last lane', () => {
    expect(stackLanes([0, 5, 8, 30, 31], 10, 3)).toEqual([0, 1, 2, 0, 1]);
    expect(stackLanes([0, 1, 2, 3], 10, 2)).toEqual([0, 1, 0, 1]);
  });
});
