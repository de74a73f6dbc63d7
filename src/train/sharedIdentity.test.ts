import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSharedIdentity } from './sharedIdentity';

describe('Identity on wasm shares its input', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerSharedIdentity();
  });
  afterAll(() => tf.setBackend('cpu'));

  it('clones without a buffer of its own, and each owner frees only its reference', async () => {
    const backend = tf.backend();
    const x = tf.tensor([1, 2, 3, 4]);
    const buffers = backend.numDataIds();
    const copy = tf.clone(x);
    expect(backend.numDataIds()).toBe(buffers);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(backend.numDataIds()).toBe(buffers - 1);
  });

  it('still clones strings', () => {
    const s = tf.tensor(['a', 'b']);
    const copy = tf.clone(s);
    expect(copy.dataSync()).toEqual(['a', 'b']);
    tf.dispose([s, copy]);
  });

  it('keeps gradients and the tensor count of a training step', async () => {
    const w = tf.variable(
      tf.tensor2d([
        [0.5, -1],
        [2, 0.25],
      ]),
    );
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const loss = () => tf.sum(tf.square(tf.relu(tf.matMul(x, w))));
    const step = () => tf.tidy(() => tf.variableGrads(loss as () => tf.Scalar).grads[w.name]!);
    const before = tf.memory().numTensors;
    const g = step();
    // d/dW Σ relu(xW)² = xᵀ (2·relu(xW)), by hand: relu(xW) = [[4.5,0],[9.5,0],[14.5,0]] (second column ≤ 0).
    expect(Array.from(await g.data())).toEqual([2 * (4.5 + 28.5 + 72.5), 0, 2 * (9 + 38 + 87), 0]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, x]);
  });
});
