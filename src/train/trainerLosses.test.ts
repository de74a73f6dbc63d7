import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { openDataset } from './datasetSource';
import { LOSS_IDS } from '../metric';
import { registerConvGradientKernels } from './convGradientKernels';
import { Trainer } from './trainer';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

const BASE: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 2,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 8, seed: 2 },
  margin: { kind: 'constant', margin: 0.3 },
  P: 4,
  K: 3,
  offlineRefresh: 2,
  offlineSubset: 48,
};

describe('every loss of the registry trains through the trainer (wasm, tiny model)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it.each(LOSS_IDS)('%s: finite losses, weights move, no tensor leaks', async (loss) => {
    const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 24, imagesPerIdentity: 4, resolution: 32, seed: 4 } }, 1);
    const trainer = new Trainer({ ...BASE, loss }, data.source, { train: data.train });
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
