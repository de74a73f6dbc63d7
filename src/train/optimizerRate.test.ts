/** The optimizers follow the schedule's rate and apply weight decay as PyTorch does (hand-computed first steps). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Optimizers } from './optimizers';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

async function firstStep(settings: TrainerSettings, lr: number, weightDecay: number): Promise<number[]> {
  const w = tf.variable(tf.tensor1d([0.5, -2, 3]), true, `w${Math.random()}`);
  const optimizers = new Optimizers(settings, null);
  optimizers.setLearningRate(lr);
  tf.tidy(() => optimizers.apply({ [w.name]: tf.tensor1d([0.1, 0.2, -0.4]) }, weightDecay));
  const out = Array.from(await w.data());
  optimizers.dispose();
  w.dispose();
  return out;
}

describe('Optimizers: scheduled rate and weight decay', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('SGD with momentum: w − lr·(g + λ·w) on the first step, at the rate set, not the base rate', async () => {
    const settings = { ...DEFAULT_TRAINER_SETTINGS, optimizer: 'sgdMomentum' as const, learningRate: 1 };
    const got = await firstStep(settings, 0.1, 0.01);
    const expected = [0.5 - 0.1 * (0.1 + 0.005), -2 - 0.1 * (0.2 - 0.02), 3 - 0.1 * (-0.4 + 0.03)];
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('Adam: the first step moves each weight by lr · ĝ/(|ĝ| + ε), ĝ = g + λ·w', async () => {
    const settings = { ...DEFAULT_TRAINER_SETTINGS, optimizer: 'adam' as const, learningRate: 1 };
    const got = await firstStep(settings, 0.01, 0.5);
    const g = [0.1 + 0.25, 0.2 - 1, -0.4 + 1.5];
    const w = [0.5, -2, 3];
    got.forEach((v, i) => expect(v).toBeCloseTo(w[i]! - (0.01 * g[i]!) / (Math.abs(g[i]!) + 1e-7), 6));
  });

  it('no weight decay leaves the gradient as it is', async () => {
    const settings = { ...DEFAULT_TRAINER_SETTINGS, optimizer: 'sgdMomentum' as const };
    const got = await firstStep(settings, 0.5, 0);
    [0.5 - 0.05, -2 - 0.1, 3 + 0.2].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });
});
