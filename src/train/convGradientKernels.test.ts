import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { registerConvGradientKernels } from './convGradientKernels';

interface Case {
  batch: number;
  size: [number, number];
  inC: number;
  outC: number;
  kernel: [number, number];
  stride: 1 | 2;
  pad: 'same' | 'valid';
}

/** Gradients of sum(conv2d(x, w) * g) with respect to x and w, on the current backend, read back as float arrays. */
async function convGrads(c: Case, x: Float32Array, w: Float32Array, g: Float32Array) {
  const xT = tf.tensor4d(x, [c.batch, c.size[0], c.size[1], c.inC]);
  const wT = tf.tensor4d(w, [c.kernel[0], c.kernel[1], c.inC, c.outC]);
  const outShape = tf.conv2d(xT, wT, c.stride, c.pad).shape;
  const gT = tf.tensor(
    g.subarray(
      0,
      outShape.reduce((a, b) => a * b, 1),
    ),
    outShape,
  );
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), gT)),
  )([xT, wT]);
  const out = { dx: (await dx!.data()) as Float32Array, dw: (await dw!.data()) as Float32Array };
  tf.dispose([xT, wT, gT, dx!, dw!]);
  return out;
}

function maxRelError(actual: Float32Array, expected: Float32Array): number {
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (scale || 1));
  return worst;
}

function randomCase(seed: number): Case {
  const rng = createRng(seed);
  const k = 1 + rng.int(4);
  return {
    batch: 1 + rng.int(4),
    size: [k + rng.int(9), k + rng.int(9)],
    inC: 1 + rng.int(5),
    outC: 1 + rng.int(6),
    kernel: [k, 1 + rng.int(4)],
    stride: rng.next() < 0.5 ? 1 : 2,
    pad: rng.next() < 0.5 ? 'same' : 'valid',
  };
}

describe('conv gradient kernels on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  const cases: Case[] = [
    { batch: 2, size: [8, 8], inC: 3, outC: 4, kernel: [3, 3], stride: 1, pad: 'same' },
    { batch: 2, size: [8, 8], inC: 3, outC: 4, kernel: [3, 3], stride: 2, pad: 'same' },
    { batch: 1, size: [7, 9], inC: 2, outC: 3, kernel: [3, 2], stride: 1, pad: 'valid' },
    { batch: 3, size: [9, 7], inC: 2, outC: 5, kernel: [3, 3], stride: 2, pad: 'valid' },
    { batch: 2, size: [7, 7], inC: 4, outC: 2, kernel: [1, 1], stride: 2, pad: 'same' },
    ...Array.from({ length: 24 }, (_, i) => randomCase(1000 + i)),
  ];

  it.each(cases.map((c, i) => [i, c] as const))('case %i matches the cpu backend within 1e-4', async (_i, c) => {
    const rng = createRng(7);
    const fill = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    const x = fill(c.batch * c.size[0] * c.size[1] * c.inC);
    const w = fill(c.kernel[0] * c.kernel[1] * c.inC * c.outC);
    const g = fill(c.batch * c.size[0] * c.size[1] * c.outC);
    const wasm = await convGrads(c, x, w, g);
    await tf.setBackend('cpu');
    const cpu = await convGrads(c, x, w, g);
    await tf.setBackend('wasm');
    expect(maxRelError(wasm.dx, cpu.dx)).toBeLessThanOrEqual(1e-4);
    expect(maxRelError(wasm.dw, cpu.dw)).toBeLessThanOrEqual(1e-4);
  });

  it('leaks no tensors and the wasm heap levels off over 200 training steps', async () => {
    const rng = createRng(3);
    const x = tf.tensor4d(
      Float32Array.from({ length: 8 * 16 * 16 * 2 }, () => rng.normal()),
      [8, 16, 16, 2],
    );
    const w1 = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 2, 8], 0, 0.3, 'float32', 1));
    const w2 = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 8, 4], 0, 0.3, 'float32', 2));
    const opt = tf.train.sgd(0.01);
    const step = () =>
      tf.tidy(() => {
        opt.minimize(() => tf.mean(tf.square(tf.conv2d(tf.relu(tf.conv2d(x, w1, 2, 'same')), w2, 1, 'same'))));
      });
    step();
    const tensors = tf.memory().numTensors;
    const heap = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    for (let i = 0; i < 50; i++) step();
    const heapAt50 = heap();
    for (let i = 0; i < 150; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(heap()).toBe(heapAt50);
    tf.dispose([x, w1, w2]);
    opt.dispose();
  });
});
