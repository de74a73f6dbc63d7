import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { EMBEDDING_HEAD_LAYER_NAME, FACE_RESNET_LAYER_NAME } from '../model/backbone';
import { loadFaceApiWeights } from '../model/pretrained/faceApiWeights';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';
import { registerConvGradientKernels } from './convGradientKernels';
import { openDataset } from './datasetSource';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';
import { Trainer } from './trainer';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 4,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, backbone: 'resnet34Frozen', embeddingDim: 8, seed: 4 },
  P: 3,
  K: 2,
};

let pretrained: tf.NamedTensorMap;

async function trainer() {
  // 6 identities × 3 images: every training image is seen within a few steps.
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 6, imagesPerIdentity: 3, resolution: 32, seed: 2 } }, 1);
  return { trainer: new Trainer(SETTINGS, data.source, { train: data.train }, pretrained), data };
}

describe('frozen backbone: cached features', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    pretrained = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
  });

  it('the cache returns the backbone forward of each image, computed once', async () => {
    const { trainer: t, data } = await trainer();
    const indices = Int32Array.from(data.train.images.subarray(0, 4));
    const cached = await t.frozen!.read([indices[0]!, indices[1]!, indices[0]!, indices[2]!, indices[3]!]);
    expect(t.frozen!.computed).toBe(4);
    const direct = tf.tidy(() => t.model.getLayer(FACE_RESNET_LAYER_NAME).apply(tf.tensor4d(data.source.read(indices), [4, 32, 32, 3])) as tf.Tensor);
    const want = (await direct.data()) as Float32Array;
    direct.dispose();
    const row = (a: Float32Array, i: number) => Array.from(a.subarray(i * 128, (i + 1) * 128));
    for (const [got, expected] of [[0, 0], [1, 1], [2, 0], [3, 2], [4, 3]] as const) {
      row(cached, got).forEach((v, d) => expect(v).toBeCloseTo(row(want, expected)[d]!, 5));
    }
    await t.frozen!.read(indices);
    expect(t.frozen!.computed).toBe(4);
    t.dispose();
  });

  it('a step measures L2(head(features)) with the head before the update, trains only the head, leaks nothing', async () => {
    const { trainer: t } = await trainer();
    await t.trainStep(); // the first step fills the cache and builds the optimizer's slots
    const head = t.model.getLayer(EMBEDDING_HEAD_LAYER_NAME);
    const [kernel, bias] = await Promise.all(head.getWeights().map((w) => w.data()));
    const backboneBefore = await Promise.all(t.model.getLayer(FACE_RESNET_LAYER_NAME).getWeights().map(async (w) => Float32Array.from(await w.data())));
    const tensors = tf.memory().numTensors;
    const report = await t.trainStep();
    expect(tf.memory().numTensors).toBe(tensors);
    // Oracle: float64 loop over the cached features with the head's weights from before the step.
    const features = await t.frozen!.read(report.indices);
    const D = 8;
    for (let b = 0; b < report.labels.length; b++) {
      const e = Array.from({ length: D }, (_, d) => {
        let acc = bias![d]!;
        for (let k = 0; k < 128; k++) acc += features[b * 128 + k]! * kernel![k * D + d]!;
        return acc;
      });
      const norm = Math.sqrt(e.reduce((a, v) => a + v * v, 0));
      e.forEach((v, d) => expect(report.embeddings[b * D + d]).toBeCloseTo(v / norm, 4));
    }
    const backboneAfter = await Promise.all(t.model.getLayer(FACE_RESNET_LAYER_NAME).getWeights().map((w) => w.data()));
    backboneAfter.forEach((w, i) => expect(Buffer.from((w as Float32Array).buffer).equals(Buffer.from(backboneBefore[i]!.buffer))).toBe(true));
    const kernelAfter = await head.getWeights()[0]!.data();
    expect(kernelAfter).not.toEqual(kernel);
    t.dispose();
  });
});
