import { describe, expect, it } from 'vitest';
import { createStore, INITIAL_STATE, type LabState } from '../state/store';
import { createHistory } from '../state/history';
import { INITIAL_CLUSTERING } from '../state/clusteringStore';
import { initialCompareState } from '../state/compare';
import { INITIAL_EVALUATION } from '../state/evaluation';
import { createLabHook, type LabHookSources } from './labHook';
import { createLabFaults } from './faults';
import type { TrainClient } from '../workers/trainClient';

function sources(): LabHookSources {
  return {
    lab: { store: createStore<LabState>(INITIAL_STATE), history: createHistory() },
    datasets: { records: () => [] },
    // Stores of their own, starting where the app's start: the hook must read these, not the app's.
    clustering: createStore(INITIAL_CLUSTERING),
    evaluation: createStore(INITIAL_EVALUATION),
    compare: createStore(initialCompareState('')),
    drawShare: () => 0.5,
  };
}

describe('the test hook reads only the stores it is handed', () => {
  it('follows the lab store and the stores beside it, and copies what it returns', () => {
    const s = sources();
    const hook = createLabHook(s);
    expect(Object.isFrozen(hook)).toBe(true);
    expect(hook.training()).toEqual({ status: 'idle', step: 0, loss: null });
    expect(hook.backend()).toBeNull();
    expect(hook.drawShare()).toBe(0.5);
    expect(hook.lastBatch()).toBeNull();

    s.lab.store.set((st) => ({ ...st, training: { ...st.training, status: 'paused', step: 7 }, savedStep: 5 }));
    s.compare.set((st) => ({ ...st, status: 'running' }));
    s.clustering.set((st) => ({ ...st, status: 'embedding' }));
    s.evaluation.set((st) => ({ ...st, status: 'error' }));
    expect(hook.training()).toEqual({ status: 'paused', step: 7, loss: null });
    expect(hook.savedStep()).toBe(5);
    expect(hook.compare()).toEqual({ status: 'running', seeds: 0, runs: [], verdicts: [] });
    expect(hook.clustering()).toMatchObject({ status: 'embedding', k: 0, sizes: [], step: null });
    expect(hook.evaluation()).toMatchObject({ status: 'error', step: null, auc: null, tta: null });

    s.lab.history.mark('P = 12');
    const markers = hook.markers();
    markers[0]!.label = 'changed by a spec';
    expect(hook.markers()).toEqual([{ step: 0, label: 'P = 12' }]);
  });

  it('loses the device of the lab worker current at the call, and does nothing without one', async () => {
    let calls = 0;
    let worker: TrainClient | null = null;
    const faults = createLabFaults({ worker: () => worker });
    expect(faults.loseDevice()).toBeUndefined();
    worker = { loseDevice: async () => ++calls } as unknown as TrainClient;
    await faults.loseDevice();
    expect(calls).toBe(1);
  });
});
