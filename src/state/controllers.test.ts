/**
 * The controllers of state/ work on the lab they are handed, not on a page singleton: each test makes its own lab
 * (a real store, a fake training worker that records its calls) and checks that the comparison, the evaluation and
 * the clustering read that lab's settings and step, call that lab's worker, and keep their state apart.
 */
import { describe, expect, it } from 'vitest';
import { encodeCompareLink } from '../export/compareReport';
import type { ComparePoint } from '../train/comparison';
import type { TrainClient } from '../workers/trainClient';
import { createClustering } from './clustering';
import { createCompare } from './compare';
import { createEvaluation } from './evaluation';
import { createStore, INITIAL_STATE, type LabState } from './store';

type WorkerEvent = Parameters<Parameters<TrainClient['onEvent']>[0]>[0];

/** A lab with P = 7 and seed 11, and a worker that records each call and lets the test send it events. */
function fakeLab(withWorker = true) {
  const trainer = { ...INITIAL_STATE.config.trainer, P: 7, seed: 11 };
  const store = createStore<LabState>({ ...INITIAL_STATE, config: { ...INITIAL_STATE.config, trainer } });
  const calls: { name: string; args: unknown[] }[] = [];
  const listeners = new Set<(event: WorkerEvent) => void>();
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push({ name, args });
      return new Promise<never>(() => {}); // never settles: the tests look at what was asked
    };
  const worker = {
    onEvent(listener: (event: WorkerEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    compareStart: record('compareStart'),
    compareStop: record('compareStop'),
    embedValidation: record('embedValidation'),
    embedIdentities: record('embedIdentities'),
  } as unknown as TrainClient;
  const updates: { trainer: LabState['config']['trainer']; label: string }[] = [];
  const lab = {
    store,
    worker: () => (withWorker ? worker : null),
    update: async (config: LabState['config'], label: string) => {
      updates.push({ trainer: config.trainer, label });
    },
  };
  const emit = (event: WorkerEvent) => listeners.forEach((l) => l(event));
  const step = (n: number) => store.set((s) => ({ ...s, training: { ...s.training, step: n, status: 'running' } }));
  return { lab, calls, emit, updates, step };
}

describe('createCompare', () => {
  it("builds a preset on the handed lab's settings and sends the comparison to its worker", () => {
    const { lab, calls, emit } = fakeLab();
    const compare = createCompare(lab, '');
    compare.usePreset('facenet');
    const { entries, seeds } = compare.store.get();
    expect(entries.map((e) => e.settings.loss)).toEqual(['semiHard', 'batchHard', 'randomTriplets']);
    expect(entries.map((e) => [e.settings.P, e.settings.seed])).toEqual([
      [7, 11],
      [7, 11],
      [7, 11],
    ]);
    expect(seeds).toBe(3);

    void compare.start();
    expect(calls).toEqual([{ name: 'compareStart', args: [entries, 3, { kind: 'steps', value: 100 }, 20] }]);
    expect(compare.store.get().status).toBe('running');
    const point: ComparePoint = {
      run: 1,
      seed: 0,
      step: 5,
      images: 40,
      loss: 0.3,
      activeFraction: 0.5,
      hardShare: 0.1,
      wallMs: 12,
    };
    emit({ id: 0, type: 'compare', points: [point], recall: [{ run: 2, seed: 0, step: 5, recallAt1: 0.25 }] });
    const runs = compare.store.get().runs;
    expect(runs.map((r) => r.points.length)).toEqual([0, 1, 0]);
    expect(runs.map((r) => r.recall)).toEqual([[], [], [{ seed: 0, step: 5, recallAt1: 0.25 }]]);
    emit({ id: 0, type: 'compareDone', message: 'stopped: NaN loss' });
    expect(compare.store.get()).toMatchObject({ status: 'error', message: 'stopped: NaN loss' });
  });

  it('refuses fewer than two configurations, and two comparisons share no state', () => {
    const { lab, calls } = fakeLab();
    const a = createCompare(lab, '');
    const b = createCompare(lab, '');
    a.usePreset('facenet');
    a.setEntries(a.store.get().entries.slice(0, 1));
    void a.start();
    expect(a.store.get()).toMatchObject({ status: 'error', message: 'Choose 2 to 6 configurations (now 1).' });
    expect(calls).toEqual([]);
    expect(b.store.get().entries).toEqual([]);
    expect(b.store.get().status).toBe('idle');
  });

  it('starts from the comparison a link names', () => {
    const { lab } = fakeLab();
    const settings = lab.store.get().config.trainer;
    const entries = [
      { label: 'one', settings },
      { label: 'two', settings: { ...settings, loss: 'batchAll' as const } },
    ];
    const hash = `#view=compare&${encodeCompareLink({ entries, seeds: 4, budget: { kind: 'time', value: 30 }, evalEvery: 0 })}`;
    const state = createCompare(lab, hash).store.get();
    expect(state).toMatchObject({ entries, seeds: 4, budget: { kind: 'time', value: 30 }, evalEvery: 0 });
    expect(state.message).toBe('The link set this comparison up: press Compare to run it.');
  });
});

describe('createEvaluation', () => {
  it("says so when the handed lab has no worker, and evaluates every N steps of that lab's run", () => {
    const none = createEvaluation(fakeLab(false).lab);
    void none.evaluate();
    expect(none.store.get()).toMatchObject({ status: 'error', message: 'The training worker is not ready yet.' });

    const { lab, calls, step } = fakeLab();
    const evaluation = createEvaluation(lab);
    evaluation.setEvaluateEvery(10);
    step(9);
    expect(calls).toEqual([]);
    step(10); // crosses a multiple of 10 while running, but no run is configured yet: nothing to evaluate
    expect(calls).toEqual([]);
    lab.store.set((s) => ({
      ...s,
      run: { params: 1, flopsPerImage: 1, trainIdentities: 4, validationIdentities: 2, trainImages: 8 },
    }));
    step(20);
    expect(calls).toEqual([{ name: 'embedValidation', args: [] }]);
    expect(evaluation.store.get()).toMatchObject({ status: 'running', phase: 'embedding', every: 10 });
  });
});

describe('createClustering', () => {
  it("keys a clustering by the handed lab's run and switches that lab to subspace batches", async () => {
    const { lab, updates } = fakeLab();
    const clustering = createClustering(lab);
    const { dataset } = lab.store.get().config;
    expect(clustering.runKey()).toBe(JSON.stringify([dataset, 11]));
    await clustering.trainWithSubspaces();
    expect(updates.map((u) => [u.trainer.sampler, u.trainer.P, u.label])).toEqual([
      ['subspace', 7, 'sampler → subspace'],
    ]);
  });

  it('clusters nothing before the run is configured, then embeds on the handed worker', () => {
    const { lab, calls } = fakeLab();
    const clustering = createClustering(lab);
    void clustering.clusterIdentities();
    expect(calls).toEqual([]);
    lab.store.set((s) => ({
      ...s,
      run: { params: 1, flopsPerImage: 1, trainIdentities: 40, validationIdentities: 8, trainImages: 400 },
    }));
    void clustering.clusterIdentities();
    expect(calls).toEqual([{ name: 'embedIdentities', args: ['current'] }]);
    expect(clustering.store.get().status).toBe('embedding');
    clustering.cancelClustering();
    expect(clustering.store.get()).toMatchObject({ status: 'idle', message: 'Clustering cancelled.' });
  });
});
