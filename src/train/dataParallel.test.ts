import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { getLoss } from '../metric';
import { buildEmbeddingModel } from '../model/backbone';
import { embed } from '../model/embed';
import { gradientExchange, sharedBytes, sliceStep, type Exchange } from './dataParallel';

/** Largest |a − b| over all variables, relative to the largest |a|. */
async function relativeDifference(a: tf.NamedTensorMap, b: tf.NamedTensorMap): Promise<number> {
  let diff = 0;
  let scale = 0;
  for (const name of Object.keys(a)) {
    const [x, y] = [await a[name]!.data(), await b[name]!.data()];
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(x[i]!));
    }
  }
  return diff / scale;
}

describe('data-parallel slice step', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const [batch, size, world] = [12, 32, 3];
  const rng = createRng(4);
  const images = () =>
    tf.tensor4d(
      Float32Array.from({ length: batch * size * size * 3 }, () => rng.next()),
      [batch, size, size, 3],
    );
  const labels = Array.from({ length: batch }, (_, i) => Math.floor(i / 3));

  /**
   * Runs the world's slice steps one after another in this thread: the exchange hands out the embeddings of every
   * slice (forwarded beforehand) and returns each worker's own gradients, which the test sums.
   */
  function sumOfSlices(forward: (x: tf.Tensor4D) => tf.Tensor2D, loss: (e: tf.Tensor2D) => tf.Scalar, x: tf.Tensor4D) {
    const rows = batch / world;
    const slices = Array.from({ length: world }, (_, r) => tf.slice(x, [r * rows, 0, 0, 0], [rows, size, size, 3]));
    const all = tf.tidy(() => tf.concat(slices.map(forward)).dataSync() as Float32Array);
    const sums: tf.NamedTensorMap = {};
    const losses: number[] = [];
    for (let rank = 0; rank < world; rank++) {
      const share: Exchange = { embeddings: () => all.slice(), gradients: (mine) => mine.slice() };
      const { loss: value, grads } = sliceStep(forward, loss, slices[rank]!, share, rank, world);
      losses.push(value.dataSync()[0]!);
      value.dispose();
      for (const [name, g] of Object.entries(grads)) {
        const previous = sums[name];
        sums[name] = previous ? tf.add(previous, g) : g;
        if (previous) tf.dispose([previous, g]);
      }
    }
    tf.dispose(slices);
    return { sums, losses };
  }

  it.each([false, true])(
    "slices' gradients sum to the whole batch's (batch norm %s: each slice normalised by its own statistics)",
    async (batchNorm) => {
      const model = buildEmbeddingModel({
        preset: 'tiny',
        inputSize: size,
        channels: 3,
        embeddingDim: 16,
        batchNorm,
        normalize: true,
        seed: 2,
      });
      const lossFn = getLoss('batchHard', { margin: 0.2 });
      const y = tf.tensor1d(labels, 'int32');
      // The loss's statistics are made off the tape and so outlive its tidy: the caller disposes them.
      const loss = (e: tf.Tensor2D) => {
        const out = lossFn(e, y);
        out.stats.dispose();
        return out.loss;
      };
      const forward = (x: tf.Tensor4D) => embed(model, x, { normalize: false, training: true });
      const x = images();
      // The oracle: one tape over the whole batch, forwarded slice by slice (batch norm's ghost batches).
      const rows = batch / world;
      const whole = tf.variableGrads(() =>
        loss(
          tf.concat(
            Array.from({ length: world }, (_, r) => forward(tf.slice(x, [r * rows, 0, 0, 0], [rows, size, size, 3]))),
          ),
        ),
      );
      const before = tf.memory().numTensors;
      const { sums, losses } = sumOfSlices(forward, loss, x);
      expect(tf.memory().numTensors - Object.keys(sums).length).toBe(before);
      expect(Object.keys(sums).sort()).toEqual(Object.keys(whole.grads).sort());
      for (const value of losses) expect(value).toBeCloseTo(whole.value.dataSync()[0]!, 6);
      expect(await relativeDifference(whole.grads, sums)).toBeLessThan(1e-5);
      tf.dispose([whole.grads, whole.value, sums, x, y]);
      model.dispose();
    },
  );
});

describe('gradient exchange', () => {
  const workers: Worker[] = [];
  afterAll(() => workers.forEach((w) => void w.terminate()));

  it('hands every worker all embeddings and the rank-order sum of gradients, step after step (real threads)', async () => {
    const layout = { world: 3, batch: 6, dim: 2, params: 5 };
    const buffer = new SharedArrayBuffer(sharedBytes(layout));
    const url = JSON.stringify(new URL('./dataParallel.ts', import.meta.url).href);
    // Each thread plays rank r for 20 steps: embeddings r·100 + step + i/10, gradients (r + 1)·step·(i + 1).
    const boot = `
      const { parentPort, workerData } = await import('node:worker_threads');
      (await import('tsx/esm/api')).register();
      const { gradientExchange } = await import(${url});
      const { buffer, layout, rank } = workerData;
      const share = gradientExchange(buffer, { ...layout, rank }, 10000);
      const seen = [];
      for (let step = 0; step < 20; step++) {
        const rows = Float32Array.from({ length: 4 }, (_, i) => rank * 100 + step + i / 10);
        const grads = Float32Array.from({ length: 3 + (step % 3) }, (_, i) => (rank + 1) * step * (i + 1));
        seen.push([Array.from(share.embeddings(rows)), Array.from(share.gradients(grads))]);
      }
      parentPort.postMessage(seen);`;
    const results = await Promise.all(
      [0, 1, 2].map((rank) => {
        const worker = new Worker(`(async () => {${boot}})()`, { eval: true, workerData: { buffer, layout, rank } });
        workers.push(worker);
        return new Promise<[number[], number[]][]>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
      }),
    );
    for (let step = 0; step < 20; step++) {
      const rows = [0, 1, 2].flatMap((r) => Array.from({ length: 4 }, (_, i) => Math.fround(r * 100 + step + i / 10)));
      const grads = Array.from(
        { length: 3 + (step % 3) },
        (_, i) => step * (i + 1) + 2 * step * (i + 1) + 3 * step * (i + 1),
      );
      for (const seen of results) expect(seen[step]).toEqual([rows, grads]);
    }
  }, 60_000);

  it('throws, naming the wait, when a peer never arrives', () => {
    const layout = { rank: 0, world: 2, batch: 4, dim: 2, params: 3 };
    const share = gradientExchange(new SharedArrayBuffer(sharedBytes(layout)), layout, 50);
    expect(() => share.embeddings(new Float32Array(4))).toThrow(/peer worker did not answer within 50 ms/);
  });

  it('refuses a batch that does not split and slices of the wrong size', () => {
    const layout = { rank: 0, world: 2, batch: 5, dim: 2, params: 3 };
    expect(() => gradientExchange(new SharedArrayBuffer(sharedBytes(layout)), layout)).toThrow(/does not split into 2/);
    const ok = { ...layout, batch: 4 };
    const share = gradientExchange(new SharedArrayBuffer(sharedBytes(ok)), ok, 50);
    expect(() => share.embeddings(new Float32Array(3))).toThrow(/3 embedding values, expected 4/);
    expect(() => share.gradients(new Float32Array(4))).toThrow(/4 gradient values, room for 3/);
  });
});
