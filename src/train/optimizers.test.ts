import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { tripletCensus } from '../metric';
import { EMBEDDING_HEAD_LAYER_NAME, FACE_RESNET_LAYER_NAME } from '../model/backbone';
import { loadFaceApiWeights } from '../model/pretrained/faceApiWeights';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';
import { registerConvGradientKernels } from './convGradientKernels';
import { openDataset } from './datasetSource';
import { FINE_TUNE_LR_SCALE } from './learningRate';
import { Optimizers } from './optimizers';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';
import { embeddingRows } from './stepReport';
import { Trainer } from './trainer';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  P: 4,
  K: 2,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, backbone: 'resnet34FineTuned', embeddingDim: 16 },
};

let pretrained: tf.NamedTensorMap;

async function trainer() {
  const data = await openDataset(
    {
      kind: 'synthetic',
      settings: { ...SYNTHETIC_DEFAULTS, identities: 40, imagesPerIdentity: 4, resolution: 32, seed: 2 },
    },
    1,
  );
  return new Trainer(SETTINGS, data.source, { train: data.train }, pretrained);
}

const weightsOf = async (t: Trainer, layer: string) =>
  Promise.all(
    t.model
      .getLayer(layer)
      .getWeights()
      .map(async (w) => Float32Array.from(await w.data())),
  );

/** Largest |after − before| over all values of all tensors. */
const maxChange = (before: Float32Array[], after: Float32Array[]) =>
  before.reduce((m, b, i) => b.reduce((mm, v, j) => Math.max(mm, Math.abs(after[i]![j]! - v)), m), 0);

describe('fine-tuned backbone: its own optimizer at a fraction of the learning rate', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    pretrained = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
  });

  it('Adam moves backbone weights by at most lr × scale per step, the head by up to lr; embeddings stay apart', async () => {
    const t = await trainer();
    const backbone = await weightsOf(t, FACE_RESNET_LAYER_NAME);
    const head = await weightsOf(t, EMBEDDING_HEAD_LAYER_NAME);
    const steps = 3;
    let last;
    for (let i = 0; i < steps; i++) last = await t.trainStep();
    // Adam's step per value is at most about lr (bias-corrected first moment over root second moment, ≤ 1 here).
    const lr = SETTINGS.learningRate;
    const backboneChange = maxChange(backbone, await weightsOf(t, FACE_RESNET_LAYER_NAME));
    const headChange = maxChange(head, await weightsOf(t, EMBEDDING_HEAD_LAYER_NAME));
    expect(backboneChange).toBeGreaterThan(0);
    expect(backboneChange).toBeLessThanOrEqual(steps * lr * FINE_TUNE_LR_SCALE * 1.01);
    expect(headChange).toBeGreaterThan(steps * lr * FINE_TUNE_LR_SCALE * 10);
    // At the full rate on the backbone, distances collapsed to ~1e-5 after one step; here they stay near 0.2.
    const rows = embeddingRows(last!);
    let min = Infinity;
    for (let a = 0; a < rows.length; a++)
      for (let b = a + 1; b < rows.length; b++)
        min = Math.min(min, Math.hypot(...rows[a]!.map((v, k) => v - rows[b]![k]!)));
    expect(min).toBeGreaterThan(0.05);
    // …so the step's census is the census of its embeddings, recomputed.
    const e = tf.tensor2d(rows);
    const l = tf.tensor1d(last!.labels, 'int32');
    expect(await tripletCensus(e, l, { margin: last!.stats.margin, distance: 'euclidean' })).toEqual(
      last!.stats.population,
    );
    tf.dispose([e, l]);
    t.dispose();
  });

  it('a checkpoint carries both optimizers: the resumed run takes the same steps', async () => {
    const t = await trainer();
    await t.trainStep();
    await t.trainStep();
    const state = await t.saveState();
    expect(state.optimizer.map((s) => s.name)).toContain('backbone:iter');
    // A step's loss is measured before its update, so the second step after the checkpoint is the one that shows the
    // optimizers' restored moments.
    await t.trainStep();
    const uninterrupted = (await t.trainStep()).stats.loss;
    t.dispose();
    const resumed = await trainer();
    await resumed.restoreState(state);
    await resumed.trainStep();
    const before = tf.memory().numTensors;
    expect((await resumed.trainStep()).stats.loss).toBeCloseTo(uninterrupted, 5);
    expect(tf.memory().numTensors).toBe(before);
    resumed.dispose();
  });
});

describe('Optimizers.dispose', () => {
  it('leaves no tensor behind for Adam or SGD with momentum (tfjs momentum alone keeps its rate scalar)', () => {
    for (const optimizer of ['adam', 'sgdMomentum'] as const) {
      const w = tf.variable(tf.ones([2, 3]), true, `w-${optimizer}`);
      const before = tf.memory().numTensors;
      const optimizers = new Optimizers({ ...DEFAULT_TRAINER_SETTINGS, optimizer }, null);
      optimizers.setLearningRate(0.01);
      tf.tidy(() => optimizers.apply({ [w.name]: tf.onesLike(w) }));
      optimizers.setLearningRate(0.02);
      tf.tidy(() => optimizers.apply({ [w.name]: tf.onesLike(w) }));
      optimizers.dispose();
      expect(tf.memory().numTensors, optimizer).toBe(before);
      w.dispose();
    }
  });
});
