import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../common/rng';
import { loadModelArtifacts, saveModelArtifacts } from '../artifacts';
import { buildEmbeddingModel, disposeModel, modelConfigOf } from '../backbone';
import { DEFAULT_MODEL_CONFIG } from '../config';
import type { BackboneId, ModelConfig } from '../config';
import { describeModel } from '../cost';
import { embed } from '../embed';
import { faceResNetForward, faceResNetInput, weightsFromMap } from './faceResNet';
import { FACE_RESNET_WEIGHTS } from './faceResNetSpec';
import { nodeAssetReader } from './testing/nodeAssetReader';
import { loadFaceApiWeights } from './faceApiWeights';

let weights: tf.NamedTensorMap;

beforeAll(async () => {
  // Conv gradients are never needed here: a frozen backbone gets none (train/pretrainedFineTune.test.ts covers the other case).
  await tf.setBackend('wasm');
  weights = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
});

afterAll(() => {
  tf.dispose(Object.values(weights));
});

const config = (backbone: BackboneId, overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_MODEL_CONFIG,
  backbone,
  inputSize: 32,
  channels: 1,
  embeddingDim: 16,
  seed: 5,
  ...overrides,
});

const images = (b: number, c: ModelConfig, seed: number): tf.Tensor4D => {
  const rng = createRng(seed);
  const shape: [number, number, number, number] = [b, c.inputSize, c.inputSize, c.channels];
  return tf.tensor4d(
    Float32Array.from({ length: shape.reduce((x, y) => x * y) }, () => rng.next()),
    shape,
  );
};

const BACKBONE_NAMES = FACE_RESNET_WEIGHTS.map((w) => `face_resnet/${w.name}`);
const HEAD_NAMES = ['embedding/kernel', 'embedding/bias'];

describe('buildEmbeddingModel with a pretrained backbone', () => {
  it('needs the weight map, with a clear error', () => {
    expect(() => buildEmbeddingModel(config('resnet34Frozen'))).toThrow(
      /resnet34Frozen backbone needs the pretrained face-recognition weights/,
    );
  });

  it('frozen: only the head trains; fine-tuned: every weight trains; params match describeModel', () => {
    const before = tf.memory().numTensors;
    for (const backbone of ['resnet34Frozen', 'resnet34FineTuned'] as const) {
      const c = config(backbone);
      const model = buildEmbeddingModel(c, weights);
      const trainable = model.trainableWeights.map((w) => w.originalName);
      const cost = describeModel(c);
      if (backbone === 'resnet34Frozen') {
        expect(trainable).toEqual(HEAD_NAMES);
        // The variables themselves are frozen too, so tf.variableGrads() without a var list skips them.
        expect(model.getLayer('face_resnet').weights.every((w) => !w.trainable)).toBe(true);
      } else {
        expect([...trainable].sort()).toEqual([...BACKBONE_NAMES, ...HEAD_NAMES].sort());
      }
      expect(model.weights.map((w) => w.originalName).sort()).toEqual([...BACKBONE_NAMES, ...HEAD_NAMES].sort());
      expect(model.countParams()).toBe(cost.params);
      expect(model.trainableWeights.reduce((n, w) => n + w.read().size, 0)).toBe(cost.trainableParams);
      expect(modelConfigOf(model)).toEqual(c);
      disposeModel(model);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is FaceResNet → a linear Dense D head (float64 oracle), seeded by config.seed', () => {
    const before = tf.memory().numTensors;
    const c = config('resnet34Frozen', { channels: 3, inputSize: 40 });
    const model = buildEmbeddingModel(c, weights);
    // A non-zero bias, so a dropped bias shows.
    const head = model.getLayer('embedding');
    tf.tidy(() => {
      const [kernel, bias] = head.getWeights();
      head.setWeights([kernel as tf.Tensor, tf.linspace(-1, 1, bias?.size ?? 0)]);
    });
    const x = images(2, c, 3);
    const got = tf.tidy(() => (model.predict(x) as tf.Tensor2D).arraySync());
    const features = tf.tidy(() => faceResNetForward(faceResNetInput(x), weightsFromMap(weights)).arraySync());
    const [kernel, bias] = head.getWeights().map((w) => w.arraySync()) as [number[][], number[]];
    features.forEach((f, b) => {
      for (let o = 0; o < c.embeddingDim; o++) {
        const want = f.reduce((acc, v, i) => acc + v * (kernel[i]?.[o] ?? NaN), bias[o] ?? NaN);
        expect(got[b]?.[o]).toBeCloseTo(want, 4);
      }
    });

    const same = buildEmbeddingModel(c, weights);
    const other = buildEmbeddingModel({ ...c, seed: 6 }, weights);
    const kernelOf = (m: tf.LayersModel) => Array.from(m.getLayer('embedding').getWeights()[0]?.dataSync() ?? []);
    expect(kernelOf(same)).toEqual(kernelOf(model));
    expect(kernelOf(other)).not.toEqual(kernelOf(same));
    [model, same, other].forEach(disposeModel);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frozen: an Adam step moves the head and leaves every backbone weight bitwise identical', () => {
    const before = tf.memory().numTensors;
    const c = config('resnet34Frozen');
    const model = buildEmbeddingModel(c, weights);
    const read = () => new Map(model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync())]));
    const start = read();
    const optimizer = tf.train.adam(0.01);
    const x = images(3, c, 7);
    // Soft-margin triplet loss on (anchor, positive, negative) = rows 0, 1, 2: never exactly zero.
    const cost = optimizer.minimize(
      () => {
        const e = embed(model, x, { normalize: true, training: true });
        const [a, p, n] = tf.split(e, 3);
        const d = (u: tf.Tensor, v: tf.Tensor) => tf.norm(tf.sub(u, v));
        return tf.softplus(tf.sub(d(a as tf.Tensor, p as tf.Tensor), d(a as tf.Tensor, n as tf.Tensor))) as tf.Scalar;
      },
      true,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    expect(cost?.dataSync()[0]).toBeGreaterThan(0);
    cost?.dispose();
    const end = read();
    for (const name of HEAD_NAMES)
      expect(Array.from(end.get(name) ?? [])).not.toEqual(Array.from(start.get(name) ?? []));
    for (const name of BACKBONE_NAMES) {
      const a = start.get(name);
      const b = end.get(name);
      expect(a && b && Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    }
    optimizer.dispose();
    x.dispose();
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('survives save and load (custom layer registered): same outputs, same frozen state, same config', async () => {
    const before = tf.memory().numTensors;
    for (const backbone of ['resnet34Frozen', 'resnet34FineTuned'] as const) {
      const c = config(backbone, { channels: 3 });
      const model = buildEmbeddingModel(c, weights);
      // Change every weight a little, so the load must restore saved values, not the pretrained ones.
      tf.tidy(() => {
        for (const w of model.weights)
          w.write(tf.add(w.read(), tf.randomNormal(w.read().shape, 0, 1e-3, 'float32', 11)));
      });
      const x = images(2, c, 13);
      const want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
      const artifacts = await saveModelArtifacts(model);
      const loaded = await loadModelArtifacts(artifacts);
      const got = tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync());
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(loaded.trainableWeights.map((w) => w.originalName).sort()).toEqual(
        model.trainableWeights.map((w) => w.originalName).sort(),
      );
      expect(modelConfigOf(loaded)).toEqual(c);
      x.dispose();
      disposeModel(model);
      disposeModel(loaded);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
