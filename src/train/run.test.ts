import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import type { Checkpoint } from './checkpointStore';
import { registerConvGradientKernels } from './convGradientKernels';
import { createRunController } from './run';
import type { TrainRequest, TrainResponse } from './runProtocol';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 3,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 8, seed: 3 },
  P: 3,
  K: 2,
};
const DATASET = { kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 20, imagesPerIdentity: 4, resolution: 32, seed: 2 } } as const;

/** A controller with an in-memory checkpoint store, its events recorded, and `ask` numbering requests. */
function harness(beforeSave: () => Promise<void> = () => Promise.resolve()) {
  const events: TrainResponse[] = [];
  const saved = new Map<string, Checkpoint>();
  const run = createRunController({
    post: (m) => events.push(m),
    yieldToMessages: () => new Promise((resolve) => setTimeout(resolve, 0)),
    checkpoints: {
      save: async (c) => {
        await beforeSave();
        saved.set('current', c);
      },
      load: async () => saved.get('current'),
      clear: async () => void saved.delete('current'),
    },
    assets: () => Promise.reject(new Error('no pretrained weights in this test')),
  });
  let id = 1;
  const ask = <T extends TrainRequest['type']>(request: Omit<Extract<TrainRequest, { type: T }>, 'id'>) =>
    run.handle({ ...request, id: id++ } as TrainRequest);
  const steps = () => events.flatMap((e) => (e.type === 'step' ? [e.report.step] : []));
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { run, ask, events, saved, steps, statuses, until };
}

describe('the run controller (the training worker without the worker)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('plays until paused between two steps, and one Step after that is one step', async () => {
    const h = harness();
    const configured = await h.ask<'configure'>({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    expect(configured.type === 'configured' && configured.run.trainIdentities).toBe(16); // 80 % of 20
    await h.ask<'play'>({ type: 'play' });
    await h.until(() => h.steps().length >= 3);
    await h.ask<'pause'>({ type: 'pause' });
    await h.until(() => h.statuses().at(-1) === 'paused');
    const stopped = h.steps().length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.steps()).toHaveLength(stopped); // no step after the pause landed
    expect(h.steps()).toEqual(Array.from({ length: stopped }, (_, i) => i + 1));
    await h.ask<'step'>({ type: 'step' });
    expect(h.steps().at(-1)).toBe(stopped + 1);
    // A step while playing is refused with the reason.
    await h.ask<'play'>({ type: 'play' });
    await expect(h.ask<'step'>({ type: 'step' })).rejects.toThrow('Pause before stepping');
    await h.ask<'pause'>({ type: 'pause' });
    await h.until(() => h.statuses().at(-1) === 'paused');
    expect(h.saved.get('current')?.step).toBe(h.steps().at(-1)); // the loop checkpoints when it stops
  }, 60_000);

  it('Play pressed while the last Pause is still saving its checkpoint keeps playing, one loop at a time', async () => {
    // A large network's checkpoint takes seconds: here the save waits until the test lets it go.
    let letGo = () => {};
    let slow = false;
    const h = harness(() => (slow ? new Promise<void>((resolve) => (letGo = resolve)) : Promise.resolve()));
    await h.ask<'configure'>({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    await h.ask<'play'>({ type: 'play' });
    await h.until(() => h.steps().length >= 2);
    slow = true;
    await h.ask<'pause'>({ type: 'pause' });
    await h.until(() => h.statuses().at(-1) === 'paused');
    await h.ask<'play'>({ type: 'play' });
    const resumedAt = h.steps().length;
    slow = false;
    letGo();
    await h.until(() => h.steps().length >= resumedAt + 4);
    expect(h.statuses().at(-1)).toBe('running');
    await h.ask<'pause'>({ type: 'pause' });
    await h.until(() => h.statuses().at(-1) === 'paused');
    // One step after another: no loop was left stepping beside the new one.
    expect(h.steps()).toEqual(Array.from({ length: h.steps().length }, (_, i) => i + 1));
    const stopped = h.steps().length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.steps()).toHaveLength(stopped);
    expect(h.saved.get('current')?.step).toBe(stopped);
  }, 60_000);

  it('a reset sent while a step is pending waits for it, starts from the seed and keeps the old run for one undo', async () => {
    const h = harness();
    await h.ask<'configure'>({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    await h.ask<'step'>({ type: 'step' });
    const tensors = tf.memory().numTensors;
    const pending = h.ask<'step'>({ type: 'step' });
    const reset = h.ask<'reset'>({ type: 'reset' });
    await pending;
    expect((await reset).type).toBe('configured');
    expect(h.steps()).toEqual([1, 2]); // the pending step finished before the reset
    expect(h.statuses().at(-1)).toBe('idle');
    expect(h.saved.has('current')).toBe(false);
    await h.ask<'step'>({ type: 'step' });
    expect(h.steps().at(-1)).toBe(1);
    const undone = await h.ask<'undoReset'>({ type: 'undoReset' });
    expect(undone.type === 'undone' && undone.step).toBe(2);
    expect(h.saved.get('current')?.step).toBe(2); // checkpointed as it came back
    await expect(h.ask<'undoReset'>({ type: 'undoReset' })).rejects.toThrow('no reset to undo');
    // One run's tensors live (the replacement was disposed): as many as before the reset.
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('a NaN step pauses the run with the message, and the weights roll back', async () => {
    const h = harness();
    const exploding = { ...SETTINGS, optimizer: 'sgdMomentum' as const, learningRate: 1e30, model: { ...SETTINGS.model, batchNorm: false } };
    await h.ask<'configure'>({ type: 'configure', settings: exploding, dataset: DATASET });
    await h.ask<'play'>({ type: 'play' });
    await h.until(() => h.statuses().includes('paused'));
    const stop = h.events.find((e) => e.type === 'status' && e.status === 'paused');
    expect(stop?.type === 'status' && stop.message).toMatch(/non-finite loss \(NaN or Inf\).*rolled back to step 0/);
    const nan = h.events.find((e) => e.type === 'step' && e.health.kind === 'nan');
    expect(nan).toBeDefined();
  }, 60_000);

  it('a comparison trains its runs round-robin seed after seed, posts the statistics per seed and leaks no tensor', async () => {
    const h = harness();
    await h.ask<'configure'>({ type: 'configure', settings: SETTINGS, dataset: DATASET });
    const tensors = tf.memory().numTensors;
    const entries = [
      { label: 'batch hard', settings: { ...SETTINGS, loss: 'batchHard' as const } },
      { label: 'batch all', settings: { ...SETTINGS, loss: 'batchAll' as const } },
      { label: 'batch hard again', settings: { ...SETTINGS, loss: 'batchHard' as const } },
    ];
    await h.ask<'compareStart'>({ type: 'compareStart', entries, seeds: 3, budget: { kind: 'steps', value: 3 }, evalEvery: 3 });
    await h.until(() => h.events.some((e) => e.type === 'compareDone'));
    expect(h.events.find((e) => e.type === 'compareDone')).toEqual({ id: 0, type: 'compareDone' });
    const rounds = h.events.flatMap((e) => (e.type === 'compare' ? [e] : []));
    const seedRounds = (seed: number) => rounds.filter((r) => r.points[0]!.seed === seed).map((r) => r.points.map((p) => [p.run, p.step]));
    for (const seed of [0, 1, 2])
      expect(seedRounds(seed)).toEqual([
        [[0, 1], [1, 1], [2, 1]],
        [[0, 2], [1, 2], [2, 2]],
        [[0, 3], [1, 3], [2, 3]],
      ]);
    expect(rounds.at(-1)!.recall.map((r) => [r.run, r.seed, r.step])).toEqual([[0, 2, 3], [1, 2, 3], [2, 2, 3]]);
    const summaries = h.events.flatMap((e) => (e.type === 'compareSummary' ? [e.summary] : []));
    expect(summaries.map((s) => s.seeds)).toEqual([1, 2, 3]);
    const last = summaries.at(-1)!;
    expect(last.configs.map((c) => c.perSeed.map((r) => [r.seed, r.steps, r.images]))).toEqual(entries.map(() => [[0, 3, 18], [1, 3, 18], [2, 3, 18]]));
    // Seeds change the run: the same configuration's results differ from seed to seed.
    expect(new Set(last.configs[0]!.perSeed.map((r) => r.metrics.finalLoss)).size).toBe(3);
    // The same configuration twice (runs 0 and 2) trains identically: no difference on any metric.
    expect(last.configs[2]!.perSeed).toEqual(last.configs[0]!.perSeed.map((r) => ({ ...r, msPerStep: expect.any(Number) })));
    const same = last.verdicts.filter((v) => v.a === 0 && v.b === 2);
    expect(same).toHaveLength(5);
    expect(same.every((v) => v.winner === null && v.difference === 0 && /no difference shown/.test(v.text))).toBe(true);
    // Every session of the 3 seeds × 3 configurations was disposed.
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);
});
