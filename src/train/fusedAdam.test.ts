import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { FUSED_ADAM, FusedAdamOptimizer, registerFusedAdam } from './fusedAdam';

const SHAPES = [[3, 3, 4, 5], [5], [7, 2], [1]];
const [LR, B1, B2, EPS] = [0.01, 0.9, 0.999, 1e-7];

/** Kingma & Ba's Adam in float64, written from the paper (Algorithm 1, with ε outside the root as tfjs has it). */
function adamFloat64(x0: number[][], grads: number[][][]): number[][] {
  return x0.map((start, k) => {
    const x = start.slice();
    const m = x.map(() => 0);
    const v = x.map(() => 0);
    grads.forEach((step, t) => {
      for (let i = 0; i < x.length; i++) {
        const g = step[k]![i]!;
        m[i] = B1 * m[i]! + (1 - B1) * g;
        v[i] = B2 * v[i]! + (1 - B2) * g * g;
        const mHat = m[i]! / (1 - B1 ** (t + 1));
        const vHat = v[i]! / (1 - B2 ** (t + 1));
        x[i] = x[i]! - (LR * mHat) / (Math.sqrt(vHat) + EPS);
      }
    });
    return x;
  });
}

function problem(seed: number, steps: number) {
  const rng = createRng(seed);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x0 = SHAPES.map((s) => Array.from({ length: size(s) }, () => rng.next() * 2 - 1));
  // Gradients of mixed scale, some tiny, so ε and the bias corrections both matter.
  const grads = Array.from({ length: steps }, () =>
    SHAPES.map((s) => Array.from({ length: size(s) }, () => (rng.next() - 0.5) * 10 ** (rng.int(7) - 4))),
  );
  return { x0, grads };
}

/** Trains `steps` with the optimizer; returns the variables' values and the optimizer's saved weights. */
async function run(optimizer: tf.Optimizer, seed: number, steps: number, tag: string) {
  const { x0, grads } = problem(seed, steps);
  const vars = x0.map((values, k) => tf.variable(tf.tensor(values, SHAPES[k]), true, `${tag}${k}`));
  const tensorsBefore: number[] = [];
  for (const step of grads) {
    const named = Object.fromEntries(step.map((g, k) => [`${tag}${k}`, tf.tensor(g, SHAPES[k])]));
    tensorsBefore.push(tf.memory().numTensors);
    optimizer.applyGradients(named);
    tensorsBefore.push(tf.memory().numTensors);
    tf.dispose(Object.values(named));
  }
  const values = await Promise.all(vars.map(async (v) => Array.from(await v.data())));
  const saved = await optimizer.getWeights();
  const weights = await Promise.all(
    saved.map(async (w) => ({ name: w.name, values: Array.from(await w.tensor.data()) })),
  );
  tf.dispose(vars);
  tf.dispose(saved.filter((w) => w.name === 'iter').map((w) => w.tensor));
  optimizer.dispose();
  return { values, weights, tensorsBefore, expected: adamFloat64(x0, grads) };
}

const maxAbs = (a: number[][], b: number[][]) =>
  a.reduce((m, row, k) => row.reduce((mm, v, i) => Math.max(mm, Math.abs(v - b[k]![i]!)), m), 0);
/** Largest |a − b| over each tensor's largest |b| (moments span many magnitudes; float32 rounding is relative). */
const maxRel = (a: number[][], b: number[][]) =>
  a.reduce((m, row, k) => {
    const scale = Math.max(...b[k]!.map(Math.abs)) || 1;
    return row.reduce((mm, v, i) => Math.max(mm, Math.abs(v - b[k]![i]!) / scale), m);
  }, 0);

describe.each(['cpu', 'wasm'] as const)('fused Adam on %s', (backend) => {
  afterAll(() => tf.setBackend('cpu'));

  it('registers its kernel', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    registerFusedAdam(backend);
    expect(tf.getKernel(FUSED_ADAM, backend)).toBeDefined();
  });

  it('follows float64 Adam for 12 steps, within float32 rounding', async () => {
    const fused = await run(new FusedAdamOptimizer(LR, B1, B2, EPS), 1, 12, `f${backend}`);
    expect(maxAbs(fused.values, fused.expected)).toBeLessThan(2e-6);
  });

  it('matches tf.train.adam: values, moments and saved weights under the same names', async () => {
    const fused = await run(new FusedAdamOptimizer(LR, B1, B2, EPS), 2, 8, `g${backend}`);
    const stock = await run(tf.train.adam(LR, B1, B2, EPS), 2, 8, `g${backend}`);
    expect(maxAbs(fused.values, stock.values)).toBeLessThan(2e-6);
    expect(fused.weights.map((w) => w.name)).toEqual(stock.weights.map((w) => w.name));
    expect(fused.weights.map((w) => w.name)).toContain(`g${backend}0/m`);
    expect(
      maxRel(
        fused.weights.map((w) => w.values),
        stock.weights.map((w) => w.values),
      ),
    ).toBeLessThan(1e-6);
    // Each step after the first (which makes the moments) leaves the tensor count as it found it.
    const counts = fused.tensorsBefore;
    for (let i = 2; i < counts.length; i += 2) expect(counts[i + 1]).toBe(counts[i]);
  });

  it('resumes from a stock Adam checkpoint exactly where the stock Adam goes on', async () => {
    const { x0, grads } = problem(3, 6);
    const tag = `r${backend}`;
    const trainThree = async (optimizer: tf.Optimizer, stepsFrom: number, vars: tf.Variable[]) => {
      for (const step of grads.slice(stepsFrom, stepsFrom + 3)) {
        const named = Object.fromEntries(step.map((g, k) => [`${tag}${k}`, tf.tensor(g, SHAPES[k])]));
        optimizer.applyGradients(named);
        tf.dispose(Object.values(named));
      }
      return Promise.all(vars.map(async (v) => Array.from(await v.data())));
    };
    const vars = x0.map((values, k) => tf.variable(tf.tensor(values, SHAPES[k]), true, `${tag}${k}`));
    const stock = tf.train.adam(LR, B1, B2, EPS);
    await trainThree(stock, 0, vars);
    const saved = await stock.getWeights();
    const resumed = new FusedAdamOptimizer(LR, B1, B2, EPS);
    await resumed.setWeights(saved);
    const snapshot = await Promise.all(vars.map(async (v) => Array.from(await v.data())));
    const viaStock = await trainThree(stock, 3, vars);
    vars.forEach((v, k) => v.assign(tf.tensor(snapshot[k]!, SHAPES[k])));
    const viaFused = await trainThree(resumed, 3, vars);
    expect(maxAbs(viaFused, viaStock)).toBeLessThan(2e-6);
    expect(maxAbs(viaFused, adamFloat64(x0, grads))).toBeLessThan(2e-6);
    tf.dispose([...vars, ...saved.filter((w) => w.name === 'iter').map((w) => w.tensor)]);
    stock.dispose();
    resumed.dispose();
  });
});

describe('fused Adam writes fresh buffers', () => {
  it('leaves a clone of a variable, which shares its data, unchanged', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor([1, 2, 3]), true, 'cloned');
    const copy = v.clone();
    const optimizer = new FusedAdamOptimizer(LR, B1, B2, EPS);
    const g = tf.tensor([1, 1, 1]);
    optimizer.applyGradients([{ name: 'cloned', tensor: g }]);
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    expect(Array.from(await v.data())[0]).toBeCloseTo(1 - LR, 6);
    tf.dispose([v, copy, g]);
    optimizer.dispose();
    await tf.setBackend('cpu');
  });
});
