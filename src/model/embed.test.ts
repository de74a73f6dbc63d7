import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { buildEmbeddingModel, disposeModel } from './backbone';
import { DEFAULT_MODEL_CONFIG } from './config';
import { embed, l2Normalize } from './embed';

const randomImages = (b: number, s: number, seed: number): tf.Tensor4D => {
  const rng = createRng(seed);
  return tf.tensor4d(
    Float32Array.from({ length: b * s * s }, () => rng.next()),
    [b, s, s, 1],
  );
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('l2Normalize', () => {
  it('divides each row by its float64 norm and maps a zero row to zeros with finite gradients', () => {
    const rows = [
      [3, 4, 0],
      [-1e-3, 2e-3, 2e-3],
      [0, 0, 0],
    ];
    const x = tf.tensor2d(rows);
    const got = l2Normalize(x).arraySync();
    rows.forEach((row, i) => {
      const norm = Math.sqrt(row.reduce((a, v) => a + v * v, 0));
      row.forEach((v, j) => expect(got[i]?.[j]).toBeCloseTo(norm === 0 ? 0 : v / norm, 6));
    });
    const grad = tf.grad((t: tf.Tensor) => tf.sum(l2Normalize(t as tf.Tensor2D)))(x);
    expect(grad.dataSync().every(Number.isFinite)).toBe(true);
    tf.dispose([x, grad]);
  });
});

describe('embed', () => {
  it('returns unit rows when normalising, in the direction of the raw output', () => {
    const model = buildEmbeddingModel({ ...DEFAULT_MODEL_CONFIG, embeddingDim: 16, seed: 3 });
    const x = randomImages(5, 32, 8);
    const raw = embed(model, x, { normalize: false });
    const unit = embed(model, x, { normalize: true });
    expect(unit.shape).toEqual([5, 16]);
    const r = raw.arraySync();
    const u = unit.arraySync();
    for (let b = 0; b < 5; b++) {
      const row = r[b] ?? [];
      const norm = Math.sqrt(row.reduce((a, v) => a + v * v, 0));
      expect(norm).toBeGreaterThan(1e-3);
      expect(Math.sqrt((u[b] ?? []).reduce((a, v) => a + v * v, 0))).toBeCloseTo(1, 5);
      row.forEach((v, j) => expect(u[b]?.[j]).toBeCloseTo(v / norm, 5));
    }
    tf.dispose([x, raw, unit]);
    disposeModel(model);
  });

  it('matches model.predict when not normalising, and creates no stray tensors', () => {
    const model = buildEmbeddingModel({ ...DEFAULT_MODEL_CONFIG, embeddingDim: 2, seed: 4 });
    const x = randomImages(3, 32, 9);
    const baseline = tf.memory().numTensors;
    const y = embed(model, x, { normalize: true });
    expect(tf.memory().numTensors).toBe(baseline + 1);
    const raw = embed(model, x, { normalize: false });
    const predicted = model.predict(x) as tf.Tensor;
    expect(Array.from(raw.dataSync())).toEqual(Array.from(predicted.dataSync()));
    tf.dispose([x, y, raw, predicted]);
    disposeModel(model);
  });

  it('uses batch statistics and updates the moving mean only in training mode', () => {
    const model = buildEmbeddingModel({ ...DEFAULT_MODEL_CONFIG, batchNorm: true, seed: 5 });
    const x = randomImages(4, 32, 10);
    const movingMean = () => Array.from(model.getLayer('stem_bn').getWeights()[2]?.dataSync() ?? []);
    const before = movingMean();
    expect(before.every((v) => v === 0)).toBe(true);
    tf.tidy(() => embed(model, x, { normalize: true }));
    expect(movingMean()).toEqual(before);
    const inference = embed(model, x, { normalize: false });
    const training = embed(model, x, { normalize: false, training: true });
    expect(movingMean()).not.toEqual(before);
    expect(Array.from(training.dataSync())).not.toEqual(Array.from(inference.dataSync()));
    tf.dispose([x, inference, training]);
    disposeModel(model);
  });
});
