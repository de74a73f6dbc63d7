import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelArtifacts, saveModelArtifacts, weightBytes } from './artifacts';
import { buildEmbeddingModel, disposeModel, modelConfigOf } from './backbone';
import { DEFAULT_MODEL_CONFIG } from './config';
import type { ModelConfig } from './config';
import { describeModel } from './cost';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model artifacts', () => {
  it('save → load reproduces the weights, the outputs and the config, and leaks nothing', async () => {
    const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, batchNorm: true, embeddingDim: 2, seed: 31 };
    const baseline = tf.memory().numTensors;
    const model = buildEmbeddingModel(config);
    const artifacts = await saveModelArtifacts(model);
    // float32 weights: 4 bytes per parameter.
    expect(weightBytes(artifacts).byteLength).toBe(4 * describeModel(config).params);

    const loaded = await loadModelArtifacts(artifacts);
    expect(modelConfigOf(loaded)).toEqual(config);
    expect(loaded.weights.map((w) => w.originalName)).toEqual(model.weights.map((w) => w.originalName));
    loaded.weights.forEach((w, i) => {
      expect(Array.from(w.read().dataSync())).toEqual(Array.from(model.weights[i]?.read().dataSync() ?? []));
    });
    const x = tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 5);
    const [a, b] = [model.predict(x), loaded.predict(x)] as tf.Tensor[];
    expect(Array.from(b?.dataSync() ?? [])).toEqual(Array.from(a?.dataSync() ?? []));
    tf.dispose([x, a as tf.Tensor, b as tf.Tensor]);
    disposeModel(model);
    disposeModel(loaded);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
