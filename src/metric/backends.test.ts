import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { getLoss, LOSS_IDS } from './index';
import { gatherRows } from './stopGradient';

/** Loss value and gradient on the current backend for a fixed batch. */
async function valueAndGrad(id: (typeof LOSS_IDS)[number], x: Float32Array, labels: number[], D: number, hostLabels = false) {
  const e = tf.tensor2d(x, [labels.length, D]);
  const y = tf.tensor1d(labels, 'int32');
  const B = labels.length;
  const extras =
    id === 'softmaxTriplet'
      ? { logits: tf.tensor2d(Float32Array.from({ length: B * 4 }, (_, i) => Math.sin(i)), [B, 4]), classIndices: y }
      : id === 'randomTriplets' || id === 'offlineHard'
        ? { triplets: { anchor: tf.tensor1d([0, 3, 6], 'int32'), positive: tf.tensor1d([1, 4, 7], 'int32'), negative: tf.tensor1d([5, 8, 2], 'int32') } }
        : {};
  const fn = getLoss(id, { margin: 0.4 });
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => fn(t as tf.Tensor2D, y, { step: 3, ...extras, ...(hostLabels ? { labelValues: labels } : {}) }).loss)(e);
  const out = { value: (await value.data())[0]!, grad: Array.from(await grad.data()) };
  tf.dispose([e, y, value, grad]);
  return out;
}

describe('losses on wasm equal the cpu reference', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gatherRows reads int32 rows correctly on wasm (tfjs-wasm 4.22 batched gather does not)', async () => {
    const params = tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32');
    const index = tf.tensor2d([[1], [0]], [2, 1], 'int32');
    const out = gatherRows(params, index);
    expect(Array.from(await out.data())).toEqual([2, 3]);
    tf.dispose([params, index, out]);
  });

  it.each(LOSS_IDS)('%s: value ≤ 1e-4 and gradient ≤ 1e-3 relative', async (id) => {
    const rng = createRng(11);
    const D = 6;
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    const x = Float32Array.from({ length: labels.length * D }, () => rng.normal());
    // With the labels on the host too: the direct census and batchAll (positiveSlots.ts) on wasm.
    const wasmRuns = [await valueAndGrad(id, x, labels, D), await valueAndGrad(id, x, labels, D, true)];
    await tf.setBackend('cpu');
    const cpu = await valueAndGrad(id, x, labels, D);
    await tf.setBackend('wasm');
    for (const wasm of wasmRuns) {
      expect(Math.abs(wasm.value - cpu.value)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(cpu.value)));
      const scale = Math.max(1e-6, ...cpu.grad.map(Math.abs));
      const worst = Math.max(...wasm.grad.map((g, i) => Math.abs(g - cpu.grad[i]!)));
      expect(worst / scale).toBeLessThanOrEqual(1e-3);
    }
  });
});
