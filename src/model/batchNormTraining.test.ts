import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { BATCH_NORM_TRAINING, registerBatchNormTraining } from './batchNormTraining';
import { TrainingBatchNorm } from './trainingBatchNormLayer';

const SHAPE: [number, number, number, number] = [4, 5, 3, 6];
const C = SHAPE[3];
const EPS = 1e-3;
const rng = createRng(11);
const random = (n: number, scale = 1, offset = 0) =>
  Float32Array.from({ length: n }, () => offset + scale * (rng.next() * 2 - 1));
const X = random(4 * 5 * 3 * 6, 2, 0.5);
const W = random(X.length);
const GAMMA = random(C, 0.5, 1);
const BETA = random(C, 0.3);
const U = random(C);
const V = random(C);

/** Forward in float64 by hand: the oracle for μ, σ² and y. */
function forwardFloat64() {
  const rows = X.length / C;
  const mean = Array.from({ length: C }, (_, c) => X.filter((_, i) => i % C === c).reduce((a, b) => a + b, 0) / rows);
  const variance = mean.map((m, c) => X.filter((_, i) => i % C === c).reduce((a, b) => a + (b - m) ** 2, 0) / rows);
  const y = Array.from(
    X,
    (v, i) => (GAMMA[i % C]! * (v - mean[i % C]!)) / Math.sqrt(variance[i % C]! + EPS) + BETA[i % C]!,
  );
  return { mean, variance, y };
}

/** A layer of the given class with GAMMA and BETA, built for SHAPE. */
function layer(make: () => tf.layers.Layer) {
  const l = make();
  l.build(SHAPE);
  const [, , movingMean, movingVariance] = l.getWeights(); // the variables themselves, not copies
  const values = [tf.tensor1d(GAMMA), tf.tensor1d(BETA)];
  l.setWeights([...values, movingMean!, movingVariance!]);
  tf.dispose(values);
  return l;
}

/** y, its gradients for Σ y·W and the moving statistics after one training call, on the current backend. */
async function trainingCall(make: () => tf.layers.Layer) {
  const l = layer(make);
  const [x, w] = [tf.tensor4d(X, SHAPE), tf.tensor4d(W, SHAPE)];
  const vars = l.trainableWeights.map((v) => v.read() as tf.Variable);
  const before = tf.memory().numTensors;
  const y = tf.tidy(() => l.apply(x, { training: true }) as tf.Tensor);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(l.apply(x, { training: true }) as tf.Tensor, w)), vars);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(l.apply(t, { training: true }) as tf.Tensor, w)))(x);
  const read = async (t: tf.Tensor) => Array.from(await t.data());
  const out = {
    y: await read(y),
    dx: await read(dx),
    dGamma: await read(grads[vars[0]!.name]!),
    dBeta: await read(grads[vars[1]!.name]!),
    moving: await Promise.all(l.getWeights().slice(2).map(read)),
  };
  tf.dispose([y, value, dx, ...Object.values(grads)]);
  const leaked = tf.memory().numTensors - before;
  tf.dispose([x, w]);
  l.weights.forEach((w) => w.dispose());
  return { ...out, leaked };
}

const close = (actual: number[], expected: number[], tolerance: number) => {
  const scale = Math.max(1, ...expected.map(Math.abs));
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `index ${i}`).toBeLessThan(tolerance * scale));
};

describe('batch norm in training as one kernel each way (wasm)', () => {
  let stock: Awaited<ReturnType<typeof trainingCall>>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    stock = await trainingCall(() => tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: EPS }));
    await tf.setBackend('wasm');
    await tf.ready();
    registerBatchNormTraining();
  });
  afterAll(() => tf.setBackend('cpu'));

  it('is registered on wasm only', () => {
    expect(tf.getKernel(BATCH_NORM_TRAINING, 'wasm')).toBeDefined();
    expect(tf.getKernel(BATCH_NORM_TRAINING, 'cpu')).toBeUndefined();
  });

  it('gives the stock layer on cpu its output, gradients and moving statistics, and the float64 oracle its output', async () => {
    const fused = await trainingCall(() => new TrainingBatchNorm({ axis: -1, momentum: 0.9, epsilon: EPS } as never));
    close(fused.y, forwardFloat64().y, 1e-5);
    close(fused.y, stock.y, 1e-5);
    close(fused.dx, stock.dx, 1e-4);
    close(fused.dGamma, stock.dGamma, 1e-4);
    close(fused.dBeta, stock.dBeta, 1e-4);
    close(fused.moving[0]!, stock.moving[0]!, 1e-6);
    close(fused.moving[1]!, stock.moving[1]!, 1e-5);
    expect(fused.leaked).toBe(0);
  });

  it('differentiates through μ and σ² too, as tf.moments and tf.batchNorm do on cpu', async () => {
    // loss = Σ y·W + Σ μ·U + Σ σ²·V: the terms a layer never uses, checked against tfjs's own chain.
    const loss = (x: tf.Tensor, y: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor) =>
      tf.addN([
        tf.sum(tf.mul(y, tf.tensor4d(W, SHAPE))),
        tf.sum(tf.mul(mean, tf.tensor1d(U))),
        tf.sum(tf.mul(variance, tf.tensor1d(V))),
      ]);
    const grads = async (f: (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Scalar) => {
      const inputs = [tf.tensor4d(X, SHAPE), tf.tensor1d(GAMMA), tf.tensor1d(BETA)];
      const gs = tf.grads(f as never)(inputs);
      const out = await Promise.all(gs.map(async (g) => Array.from(await g.data())));
      tf.dispose([...inputs, ...gs]);
      return out;
    };
    const fused = await grads((x, g, b) => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(BATCH_NORM_TRAINING, { x, gamma: g, beta: b }, { epsilon: EPS }) as tf.Tensor[];
      return loss(x, y!, mean!, variance!) as tf.Scalar;
    });
    await tf.setBackend('cpu');
    const expected = await grads((x, g, b) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return loss(x, tf.batchNorm(x, mean, variance, b, g, EPS), mean, variance) as tf.Scalar;
    });
    await tf.setBackend('wasm');
    fused.forEach((g, i) => close(g, expected[i]!, 1e-4));
  });

  it('leaves inference to the stock path (moving statistics)', async () => {
    const l = layer(() => new TrainingBatchNorm({ axis: -1, momentum: 0.9, epsilon: EPS } as never));
    const x = tf.tensor4d(X, SHAPE);
    const y = l.apply(x, { training: false }) as tf.Tensor;
    // Fresh moving statistics (μ 0, σ² 1): y = γ·x/√(1 + ε) + β.
    close(
      Array.from(await y.data()),
      Array.from(X, (v, i) => (GAMMA[i % C]! * v) / Math.sqrt(1 + EPS) + BETA[i % C]!),
      1e-5,
    );
    expect(l.getClassName()).toBe('BatchNormalization');
    tf.dispose([x, y]);
    l.weights.forEach((w) => w.dispose());
  });
});
