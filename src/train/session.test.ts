import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { AUGMENTATION_PRESETS } from '../data/augmentation';
import { openDataset } from './datasetSource';
import { registerConvGradientKernels } from './convGradientKernels';
import { TrainingSession } from './session';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 5,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 5 },
  P: 4,
  learningRate: 3e-3,
};

/** A run on 40 synthetic identities × 6 images (32 of them train). */
async function session(settings: TrainerSettings = SETTINGS) {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 40, imagesPerIdentity: 6, resolution: 32, seed: 3 } }, 1);
  return new TrainingSession(settings, data.source, { train: data.train });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('TrainingSession on wasm (tiny model)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('leaks no tensors over 1,000 steps', async () => {
    const s = await session({ ...SETTINGS, P: 3, K: 2, model: { ...SETTINGS.model, embeddingDim: 8 } });
    await s.init();
    await s.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await s.step();
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  }, 300_000);

  it('leaks no tensors over 1,000 steps with every augmentation, a cosine schedule with warm-up and weight decay', async () => {
    const s = await session({
      ...SETTINGS,
      P: 3,
      K: 2,
      model: { ...SETTINGS.model, embeddingDim: 8 },
      augmentation: { ...AUGMENTATION_PRESETS.strong, blur: 0.5, erase: 0.5 },
      schedule: { kind: 'cosine', start: 0, end: 800, warmup: 50 },
      weightDecay: 5e-4,
    });
    await s.init();
    const first = (await s.step()).report;
    expect(first.augmentation?.erase).toBe(0.5);
    expect(first.learningRate).toBeCloseTo(SETTINGS.learningRate / 50, 10);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 1000; i++) last = (await s.step()).report;
    expect(tf.memory().numTensors).toBe(before);
    // Past the cosine's end the rate is 0.
    expect(last.learningRate).toBeCloseTo(0, 12);
    s.dispose();
  }, 300_000);

  it('the batch-hard loss on synthetic faces falls', async () => {
    const s = await session();
    await s.init();
    const losses: number[] = [];
    for (let i = 0; i < 120; i++) losses.push((await s.step()).report.stats.loss);
    expect(mean(losses.slice(-20))).toBeLessThan(0.8 * mean(losses.slice(0, 20)));
    s.dispose();
  }, 300_000);

  it('the same seed gives the same first 10 losses on the cpu backend', async () => {
    await tf.setBackend('cpu');
    registerConvGradientKernels('cpu');
    const run = async () => {
      const s = await session({ ...SETTINGS, P: 4, K: 2 });
      await s.init();
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push((await s.step()).report.stats.loss);
      s.dispose();
      return out;
    };
    const first = await run();
    expect(first.every(Number.isFinite)).toBe(true);
    expect(await run()).toEqual(first);
    await tf.setBackend('wasm');
  }, 120_000);

  it('an injected NaN is rejected and the weights roll back to the last good snapshot', async () => {
    const s = await session();
    await s.init();
    for (let i = 0; i < 10; i++) await s.step();
    const good = await s.trainer.snapshot();
    const tensors = tf.memory().numTensors;
    const victim = s.trainer.model.trainableWeights[0]!;
    tf.tidy(() => {
      victim.write(tf.fill(victim.shape as number[], NaN));
    });
    const { health } = await s.step();
    expect(health.kind).toBe('nan');
    if (health.kind === 'nan') {
      expect(health.rolledBackTo).toBe(10);
      expect(health.message).toContain('Step 11');
    }
    const after = await s.trainer.snapshot();
    expect(after.values.map((v) => Array.from(v))).toEqual(good.values.map((v) => Array.from(v)));
    expect((await s.step()).health.kind).toBe('ok');
    // The fresh optimizer has re-created its moments: the count is back where it was.
    expect(tf.memory().numTensors).toBe(tensors);
    s.dispose();
  }, 120_000);

  it('a checkpoint restored into a fresh run continues exactly like the uninterrupted run (augmented, scheduled)', async () => {
    // Augmentation draws and the schedule's rate are functions of (seed, step): a resumed run sees the same views.
    const settings: TrainerSettings = {
      ...SETTINGS,
      augmentation: AUGMENTATION_PRESETS.strong,
      schedule: { kind: 'exponential', start: 2, end: 10, warmup: 2 },
    };
    const original = await session(settings);
    await original.init();
    for (let i = 0; i < 5; i++) await original.step();
    const state = await original.trainer.saveState();
    const continued: number[] = [];
    for (let i = 0; i < 3; i++) continued.push((await original.step()).report.stats.loss);
    original.dispose();

    const before = tf.memory().numTensors;
    const resumed = await session(settings);
    await resumed.trainer.restoreState(state);
    await resumed.init();
    expect(resumed.trainer.step).toBe(5);
    const replayed: number[] = [];
    for (let i = 0; i < 3; i++) replayed.push((await resumed.step()).report.stats.loss);
    // Same batches and weights; Adam's setWeights recomputes β^t with pow() where the live run multiplied step by
    // step, so later losses agree to float32 rounding rather than bit for bit.
    expect(replayed[0]).toBe(continued[0]);
    replayed.forEach((loss, i) => expect(Math.abs(loss - continued[i]!) / continued[i]!).toBeLessThan(1e-5));
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
