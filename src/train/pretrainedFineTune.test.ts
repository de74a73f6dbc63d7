import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { buildEmbeddingModel, disposeModel } from '../model/backbone';
import { DEFAULT_MODEL_CONFIG } from '../model/config';
import type { ModelConfig } from '../model/config';
import { embed } from '../model/embed';
import { loadFaceApiWeights } from '../model/pretrained/faceApiWeights';
import { FACE_RESNET_WEIGHTS } from '../model/pretrained/faceResNetSpec';
import { registerConvGradientKernels } from './convGradientKernels';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';

// Here in train/ rather than beside the model: wasm needs the trainer's convolution-gradient kernels, which model/
// may not import (on the cpu backend the stock filter gradient takes ~30 s for this one image).
it('fine-tuned: one Adam step changes every backbone weight and the head, and leaks nothing', async () => {
  await tf.setBackend('wasm');
  registerConvGradientKernels('wasm');
  const before = tf.memory().numTensors;
  const weights = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
  const config: ModelConfig = {
    ...DEFAULT_MODEL_CONFIG,
    backbone: 'resnet34FineTuned',
    inputSize: 32,
    channels: 3,
    embeddingDim: 8,
  };
  const model = buildEmbeddingModel(config, weights);
  tf.dispose(Object.values(weights));
  const read = async () =>
    new Map(await Promise.all(model.weights.map(async (w) => [w.originalName, Float32Array.from(await w.read().data())] as const)));
  const start = await read();
  const rng = createRng(3);
  const x = tf.tensor4d(
    Float32Array.from({ length: 32 * 32 * 3 }, () => rng.next()),
    [1, 32, 32, 3],
  );
  const direction = tf.tensor2d(
    Array.from({ length: 8 }, () => rng.normal()),
    [8, 1],
  );
  const optimizer = tf.train.adam(1e-3);
  // Any scalar of the output: the projection of the unit embedding on a fixed direction.
  const cost = optimizer.minimize(
    () => tf.sum(tf.matMul(embed(model, x, { normalize: true, training: true }), direction)) as tf.Scalar,
    true,
    model.trainableWeights.map((w) => w.read() as tf.Variable),
  );
  cost?.dispose();
  const end = await read();
  const names = [...FACE_RESNET_WEIGHTS.map((w) => `face_resnet/${w.name}`), 'embedding/kernel', 'embedding/bias'];
  const unchanged = names.filter((name) => {
    const a = start.get(name);
    const b = end.get(name);
    return a === undefined || b === undefined || a.every((v, i) => v === b[i]);
  });
  expect(unchanged).toEqual([]);
  optimizer.dispose();
  tf.dispose([x, direction]);
  disposeModel(model);
  expect(tf.memory().numTensors).toBe(before);
});
