import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { leadingAxes, registerLeadingReductions, sumRows } from './leadingReductions';

/** Σ (or mean) of x over `axes`, in float64 with plain index arithmetic: the oracle. */
function reduceFloat64(x: Float32Array, shape: number[], axes: number[], mean: boolean): number[] {
  const keep = shape.map((_, i) => !axes.includes(i));
  const outShape = shape.filter((_, i) => keep[i]);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  let count = 0;
  const index = shape.map(() => 0);
  for (let flat = 0; flat < x.length; flat++) {
    let o = 0;
    shape.forEach((d, i) => {
      if (keep[i]) o = o * d + index[i]!;
    });
    out[o]! += x[flat]!;
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++index[i]! < shape[i]!) break;
      index[i] = 0;
    }
  }
  count = axes.reduce((a, i) => a * shape[i]!, 1);
  return Array.from(out, (v) => (mean ? v / count : v));
}

const CASES: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
  { shape: [8, 5, 5, 7], axis: [0, 1, 2], keepDims: false }, // batch norm's moments and gradient sums
  { shape: [8, 5, 5, 7], axis: [0, 1, 2], keepDims: true },
  { shape: [6, 9], axis: [0], keepDims: false },
  { shape: [4, 3, 10], axis: [1, 0], keepDims: true }, // unsorted
  { shape: [4, 3, 10], axis: [-3, -2], keepDims: false }, // negative
  { shape: [300, 2], axis: [0], keepDims: false },
  // Not leading: the stock kernels, which must still answer.
  { shape: [4, 3, 10], axis: [2], keepDims: false },
  { shape: [4, 3, 10], axis: [0, 2], keepDims: false },
  { shape: [4, 3, 10], axis: [0, 1, 2], keepDims: false },
];

describe('Sum and Mean over leading axes on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerLeadingReductions();
  });
  afterAll(() => tf.setBackend('cpu'));

  it('finds leading axes', () => {
    expect(leadingAxes([0, 1, 2], [2, 3, 4, 5])).toBe(3);
    expect(leadingAxes([1, 0], [2, 3, 4])).toBe(2);
    expect(leadingAxes(-4, [2, 3, 4, 5])).toBe(1);
    expect(leadingAxes([0, 1, 2], [2, 3, 4])).toBe(0); // nothing left: the stock kernel is already innermost
    expect(leadingAxes([1, 2], [2, 3, 4])).toBe(0);
    expect(leadingAxes([0, 2], [2, 3, 4])).toBe(0);
  });

  it('sums rows in float64', () => {
    const out = new Float32Array(2);
    sumRows(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2, out, false);
    expect(Array.from(out)).toEqual([9, 12]);
    sumRows(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2, out, true);
    expect(Array.from(out)).toEqual([3, 4]);
    // 1 + 2⁻²⁴ × 2²⁴ rows: a float32 running sum stalls at 1, a float64 one reaches 2.
    const rows = 1 << 24;
    const x = new Float32Array(rows).fill(2 ** -24);
    x[0] = 1;
    sumRows(x, rows, 1, out, false);
    expect(out[0]).toBe(2);
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i equals the float64 oracle', async (_i, c) => {
    const rng = createRng(7);
    const values = Float32Array.from({ length: c.shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1);
    const x = tf.tensor(values, c.shape);
    const axes = c.axis.map((a) => (a < 0 ? a + c.shape.length : a));
    for (const mean of [false, true]) {
      const before = tf.memory().numTensors;
      const y = mean ? tf.mean(x, c.axis, c.keepDims) : tf.sum(x, c.axis, c.keepDims);
      const expectedShape = c.keepDims
        ? c.shape.map((d, i) => (axes.includes(i) ? 1 : d))
        : c.shape.filter((_, i) => !axes.includes(i));
      expect(y.shape).toEqual(expectedShape);
      const expected = reduceFloat64(values, c.shape, axes, mean);
      const got = Array.from(await y.data());
      got.forEach((v, i) =>
        expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected[i]!))),
      );
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    x.dispose();
  });

  it('leaves int32 sums to the stock kernel, exact', async () => {
    const x = tf.tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [3, 2],
      'int32',
    );
    const y = tf.sum(x, 0);
    expect(y.dtype).toBe('int32');
    expect(Array.from(await y.data())).toEqual([9, 12]);
    tf.dispose([x, y]);
  });

  it('gives batch norm the same gradients as the cpu backend', async () => {
    const rng = createRng(3);
    const shape: [number, number, number, number] = [4, 6, 6, 5];
    const values = Float32Array.from({ length: 4 * 6 * 6 * 5 }, () => rng.next() * 3 - 1);
    const weights = Float32Array.from({ length: 4 * 6 * 6 * 5 }, () => rng.next());
    const grad = async () => {
      const [x, w] = [tf.tensor4d(values, shape), tf.tensor4d(weights, shape)];
      const g = tf.grad((t: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, [0, 1, 2]);
        return tf.sum(tf.mul(tf.batchNorm(t, mean, variance, tf.fill([5], 0.1), tf.fill([5], 1.5), 1e-3), w));
      })(x);
      const out = Array.from(await g.data());
      tf.dispose([x, w, g]);
      return out;
    };
    const onWasm = await grad();
    await tf.setBackend('cpu');
    const onCpu = await grad();
    await tf.setBackend('wasm');
    const scale = Math.max(...onCpu.map(Math.abs));
    onWasm.forEach((v, i) => expect(Math.abs(v - onCpu[i]!)).toBeLessThan(1e-5 * scale));
  });
});
