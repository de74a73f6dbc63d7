/**
 * The training worker's two requests for the training package, through the run controller: 'trainingPackage'
 * gathers the parts from a fresh network of the run's seed without touching the run, and 'embedValidationWith' embeds
 * the held-out images with a network handed in as model.json artifacts. Oracles: the run's own step-0 weights and
 * its own validation embeddings (the same network handed back must give the same vectors), FNV-1a hashes of the
 * images recomputed here, and tf.memory() back at its baseline.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fnv1a64 } from '../data/hash';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { registerConvGradientKernels } from './convGradientKernels';
import { createRunController } from './run';
import type { TrainRequest, TrainResponse } from './runProtocol';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 4,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 8, seed: 4 },
  P: 3,
  K: 2,
};
const DATASET = { kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 20, imagesPerIdentity: 4, resolution: 32, seed: 2 } } as const;

function harness() {
  const events: TrainResponse[] = [];
  const run = createRunController({
    post: (m) => events.push(m),
    yieldToMessages: () => new Promise((resolve) => setTimeout(resolve, 0)),
    checkpoints: { save: async () => undefined, load: async () => undefined, clear: async () => undefined },
    assets: () => Promise.reject(new Error('no pretrained weights in this test')),
  });
  let id = 1;
  const ask = (request: Record<string, unknown> & { type: TrainRequest['type'] }) => run.handle({ ...request, id: id++ } as TrainRequest);
  return { ask, events };
}

describe("the training worker's package requests", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it("'trainingPackage' measures a fresh network of the run's seed, reports each stage, and leaves the run where it was", async () => {
    const h = harness();
    await h.ask({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    const initial = await h.ask({ type: 'exportModel' });
    await h.ask({ type: 'step' });
    const before = tf.memory().numTensors;
    const reply = await h.ask({ type: 'trainingPackage' });
    expect(tf.memory().numTensors).toBe(before);
    if (reply.type !== 'trainingPackage' || initial.type !== 'model') throw new Error(`unexpected reply ${reply.type}`);
    const { parts } = reply;
    const progress = h.events.flatMap((e) => (e.type === 'progress' && e.task === 'trainingPackage' ? [e.done] : []));
    expect(progress).toEqual([0, 1, 2, 3]);
    // The run's step-0 weights, though the run has stepped since.
    const stem = parts.initial.names.indexOf('stem_conv/kernel');
    const spec = initial.artifacts.weightSpecs?.find((w) => w.name === 'stem_conv/kernel');
    expect(stem).toBeGreaterThanOrEqual(0);
    expect(spec?.shape).toEqual(parts.initial.shapes[stem]);
    expect(parts.tfjs.weightSpecs.map((w) => w.name)).toEqual(initial.artifacts.weightSpecs?.map((w) => w.name));
    const specs = initial.artifacts.weightSpecs ?? [];
    const offset = specs.slice(0, specs.indexOf(spec!)).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
    const size = spec!.shape.reduce((a, b) => a * b, 1);
    const data = initial.artifacts.weightData as ArrayBuffer;
    expect(parts.initial.values[stem]).toEqual(new Float32Array(data.slice(4 * offset, 4 * (offset + size))));
    // 16 training identities × 4 images of 32 × 32 × 3, each with its FNV-1a hash.
    expect(parts.images.labels).toHaveLength(64);
    const bytes = 32 * 32 * 3;
    expect(parts.hashes?.[7]).toBe(fnv1a64(parts.images.pixels.subarray(7 * bytes, 8 * bytes)));
    expect(parts.golden.labels).toHaveLength(6);
    expect(Number.isFinite(parts.golden.loss)).toBe(true);
    const after = await h.ask({ type: 'exportModel' });
    expect(after.type === 'model' && after.step).toBe(1);
  }, 60_000);

  it("'embedValidationWith' gives the run's own validation embeddings when handed the run's network, and names a mismatched input", async () => {
    const h = harness();
    await h.ask({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    await h.ask({ type: 'step' });
    const own = await h.ask({ type: 'embedValidation' });
    const model = await h.ask({ type: 'exportModel' });
    if (own.type !== 'validation' || model.type !== 'model') throw new Error('unexpected replies');
    const before = tf.memory().numTensors;
    const imported = await h.ask({ type: 'embedValidationWith', artifacts: model.artifacts });
    expect(tf.memory().numTensors).toBe(before);
    if (imported.type !== 'validation') throw new Error(`unexpected reply ${imported.type}`);
    expect(imported.embeddings.labels).toEqual(own.embeddings.labels);
    let worst = 0;
    own.embeddings.embeddings.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (imported.embeddings.embeddings[i] ?? NaN)))));
    expect(worst).toBeLessThan(1e-6);

    // A network for 1-channel images, handed to the 3-channel run.
    const gray = harness();
    await gray.ask({ type: 'configure', settings: SETTINGS, dataset: { ...DATASET, settings: { ...DATASET.settings, channels: 1 } } });
    const grayModel = await gray.ask({ type: 'exportModel' });
    if (grayModel.type !== 'model') throw new Error('unexpected reply');
    await expect(h.ask({ type: 'embedValidationWith', artifacts: grayModel.artifacts })).rejects.toThrow(
      "The imported network takes 32×32×1 images, this run's dataset has 32×32×3",
    );
  }, 60_000);
});
