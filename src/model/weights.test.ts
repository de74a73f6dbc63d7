import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmbeddingModel, disposeModel } from './backbone';
import { DEFAULT_MODEL_CONFIG } from './config';
import type { ModelConfig } from './config';
import { restoreWeights, snapshotWeights, snapshotWeightsAsync } from './weights';

const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, batchNorm: true, embeddingDim: 8, seed: 21 };

const values = (model: tf.LayersModel): number[][] => model.weights.map((w) => Array.from(w.read().dataSync()));

/** Overwrites every weight (BN moving statistics included) with a constant, like a diverged step would. */
const poison = (model: tf.LayersModel, value: number): void =>
  tf.tidy(() => model.weights.forEach((w) => w.write(tf.fill(w.read().shape, value))));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weight snapshots', () => {
  it('round-trips every weight, moving statistics included, with numTensors unchanged', async () => {
    const model = buildEmbeddingModel(config);
    const original = values(model);
    const snapshot = snapshotWeights(model);
    expect(snapshot.names).toContain('stem_bn/moving_mean');
    expect(snapshot.names).toContain('embedding/kernel');
    expect(snapshot.values.map((v) => v.length)).toEqual(original.map((v) => v.length));
    expect(await snapshotWeightsAsync(model)).toEqual(snapshot);

    const baseline = tf.memory().numTensors;
    const variables = model.weights.map((w) => w.read());
    poison(model, Number.NaN);
    expect(values(model)[0]?.every(Number.isNaN)).toBe(true);
    restoreWeights(model, snapshot);
    expect(values(model)).toEqual(original);
    expect(tf.memory().numTensors).toBe(baseline);
    // The same variables (an optimizer's slots stay attached to them), not new ones.
    model.weights.forEach((w, i) => expect(w.read()).toBe(variables[i]));

    // A snapshot is a private copy: restoring twice works after further changes.
    poison(model, 3);
    restoreWeights(model, snapshot);
    expect(values(model)).toEqual(original);
    expect(tf.memory().numTensors).toBe(baseline);
    disposeModel(model);
  });

  it('restores into a freshly built model of the same architecture but refuses a different one', () => {
    const a = buildEmbeddingModel(config);
    const b = buildEmbeddingModel({ ...config, seed: 22 });
    const c = buildEmbeddingModel({ ...config, embeddingDim: 4 });
    const d = buildEmbeddingModel({ ...config, batchNorm: false });
    const snapshot = snapshotWeights(a);
    restoreWeights(b, snapshot);
    expect(values(b)).toEqual(values(a));
    expect(() => restoreWeights(c, snapshot)).toThrow(/shape/);
    expect(() => restoreWeights(d, snapshot)).toThrow(/weights/);
    [a, b, c, d].forEach(disposeModel);
  });
});
