import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFromCounts } from '../data/identityIndex';
import { splitByIdentity } from '../data/split';
import { createSyntheticFaces } from '../data/synthetic/syntheticFaces';
import { LOSS_IDS } from '../metric';
import { registerConvGradientKernels } from './convGradientKernels';
import { syntheticSource } from './imageSource';
import { Trainer } from './trainer';
import type { TrainerSettings } from './settings';

const BASE: TrainerSettings = {
  seed: 2,
  model: { preset: 'tiny', inputSize: 32, channels: 3, embeddingDim: 8, batchNorm: true, normalize: true, seed: 2 },
  loss: 'batchHard',
  lossOptions: {},
  distance: 'euclidean',
  margin: { kind: 'constant', margin: 0.3 },
  sampler: 'pk',
  P: 4,
  K: 3,
  optimizer: 'adam',
  learningRate: 1e-3,
  offlineRefresh: 2,
  offlineSubset: 48,
  checkpointEvery: 50,
};

describe('every loss of the registry trains through the trainer (wasm, tiny model)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it.each(LOSS_IDS)('%s: finite losses, weights move, no tensor leaks', async (loss) => {
    const faces = createSyntheticFaces({ identities: 24, imagesPerIdentity: 4, resolution: 32, seed: 4 });
    const counts = Array.from({ length: 24 }, () => 4);
    const split = splitByIdentity(counts, 1);
    const trainer = new Trainer({ ...BASE, loss }, syntheticSource(faces), { train: indexFromCounts(counts, split.train) });
    const before = await trainer.snapshot();
    await trainer.trainStep();
    const tensors = tf.memory().numTensors;
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push(await trainer.trainStep());
    expect(tf.memory().numTensors).toBe(tensors);
    for (const r of reports) {
      expect(Number.isFinite(r.stats.loss)).toBe(true);
      expect(r.stats.population.easy + r.stats.population.semiHard + r.stats.population.hard).toBe(r.stats.population.total);
    }
    // offlineHard re-mines every 2 steps: at steps 0, 2, 4 (these reports are steps 1–3).
    if (loss === 'offlineHard') expect(reports.map((r) => r.refreshed)).toEqual([false, true, false]);
    const after = await trainer.snapshot();
    const moved = after.values.some((v, i) => v.some((x, j) => x !== before.values[i]![j]));
    expect(moved).toBe(true);
    trainer.dispose();
  }, 60_000);
});
