import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { snapshotWeightsAsync } from '../model/weights';
import { openDataset } from './datasetSource';
import { registerConvGradientKernels } from './convGradientKernels';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';
import { combinedNorm, layerUpdates } from './stepExplanation';
import { Trainer } from './trainer';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 9,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 9 },
  P: 4,
  K: 3,
  loss: 'batchAll',
};

async function trainer(settings: TrainerSettings): Promise<Trainer> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 30, imagesPerIdentity: 5, resolution: 32, seed: 4 } }, 1);
  return new Trainer(settings, data.source, { train: data.train });
}

/** float64 ‖x‖ and ‖x − y‖. */
const norm64 = (x: Float32Array, y?: Float32Array) => Math.sqrt(x.reduce((s, v, i) => s + (v - (y ? (y[i] as number) : 0)) ** 2, 0));

describe('an explained step (the lesson step-through)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('reports each variable’s norm, gradient norm and update against the weights read before and after', async () => {
    // SGD with momentum: the first update is exactly −lr · gradient, so ‖Δw‖ = lr · ‖g‖ checks the gradient norms.
    const t = await trainer({ ...SETTINGS, optimizer: 'sgdMomentum', learningRate: 0.01, model: { ...SETTINGS.model, batchNorm: false } });
    const before = await snapshotWeightsAsync(t.model);
    const report = await t.trainStep(undefined, { explain: true });
    const after = await snapshotWeightsAsync(t.model);
    const e = report.explanation!;
    expect(e.variables.map((v) => v.size)).toEqual(t.model.trainableWeights.map((w) => w.read().size));
    expect(e.variables).toHaveLength(before.values.length); // no batch norm: every weight trains
    e.variables.forEach((v, i) => {
      expect(v.weightNorm).toBeCloseTo(norm64(before.values[i]!), 3);
      expect(v.updateNorm).toBeCloseTo(norm64(after.values[i]!, before.values[i]), 5);
      expect(v.updateNorm).toBeCloseTo(0.01 * v.gradNorm, 5);
    });
    expect(combinedNorm(e.variables.map((v) => v.gradNorm))).toBeGreaterThan(0);
    // Without batch norm inference mode is the training forward: "before" is the step's own loss and census.
    expect(e.before.loss).toBeCloseTo(report.stats.loss, 5);
    expect(e.before.population).toEqual(report.stats.population);
    // A small gradient step lowers the loss on the batch it was computed on.
    expect(e.after.loss).toBeLessThan(e.before.loss);
    expect(e.after.population.total).toBe(e.before.population.total);
    // Past the first step (which makes the optimizer's moments), an explained step leaves no tensor behind.
    const tensors = tf.memory().numTensors;
    await t.trainStep(undefined, { explain: true });
    expect(tf.memory().numTensors).toBe(tensors);
    t.dispose();
  }, 60_000);

  it('does not change the run: with batch norm, the steps after an explained one equal an unexplained run’s', async () => {
    const a = await trainer(SETTINGS);
    const b = await trainer(SETTINGS);
    const lossesA: number[] = [];
    const lossesB: number[] = [];
    for (let i = 0; i < 4; i++) {
      lossesA.push((await a.trainStep(undefined, { explain: i === 1 })).stats.loss);
      lossesB.push((await b.trainStep()).stats.loss);
    }
    expect(lossesA).toEqual(lossesB);
    a.dispose();
    b.dispose();
  }, 60_000);
});

describe('layerUpdates', () => {
  it('combines a layer’s kernel and bias as one vector (root of the summed squares), in network order', () => {
    const v = (name: string, size: number, w: number, g: number, u: number) => ({ name, size, weightNorm: w, gradNorm: g, updateNorm: u });
    const layers = layerUpdates([v('conv1/kernel', 27, 3, 4, 0.3), v('conv1/bias', 3, 4, 3, 0.4), v('embedding/kernel', 10, 1, 2, 0.5), v('scale', 1, 2, 0, 0)]);
    expect(layers).toEqual([
      { layer: 'conv1', size: 30, weightNorm: 5, gradNorm: 5, updateNorm: 0.5 },
      { layer: 'embedding', size: 10, weightNorm: 1, gradNorm: 2, updateNorm: 0.5 },
      { layer: 'scale', size: 1, weightNorm: 2, gradNorm: 0, updateNorm: 0 },
    ]);
  });
});
