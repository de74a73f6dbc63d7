/**
 * `window.__lab`: a typed, read-only view of the app's state for e2e specs and for a curious user in the devtools
 * console. Each getter returns a fresh copy, so nothing read here can change the app.
 */
import type { AdapterInfo, BackendName, PassedOver } from '../train/backend';
import { embeddingRows } from '../train/stepReport';
import type { TrainStatus } from '../train/runProtocol';
import type { LabDatasetRecord } from '../data/datasetMeta';
import { LOSSES } from '../metric/catalog';
import type { ClusteringState } from '../state/clusteringStore';
import type { CompareState } from '../state/compare';
import type { EvaluationState } from '../state/evaluation';
import type { History } from '../state/history';
import type { LabState, Store } from '../state/store';
import {
  clusteringView,
  compareView,
  evaluationView,
  type ClusteringView,
  type CompareView,
  type EvaluationView,
} from './views';

interface CensusCounts {
  easy: number;
  semiHard: number;
  hard: number;
  total: number;
}

export interface LabHook {
  /** The active backend, or null while it is starting (or failed to start). */
  backend(): {
    name: BackendName;
    adapter?: AdapterInfo;
    passedOver: PassedOver[];
    label: string;
    reason: string;
    /** wasm only: the threads XNNPACK runs with. */
    threads?: number;
  } | null;
  /** Every dataset in the library, with its import counts (skipped files keyed by reason). */
  datasets(): LabDatasetRecord[];
  training(): { status: TrainStatus; step: number; loss: number | null };
  /** The configured run as the worker built it (its network's parameters and forward FLOPs per image), or null. */
  run(): { params: number; flopsPerImage: number } | null;
  /** The step of the last checkpoint saved in IndexedDB, or null. */
  savedStep(): number | null;
  /** The share of the main thread the page's redraws may take now: 1, or less while training takes every core. */
  drawShare(): number;
  /** The charts' markers: one per step where settings changed, naming the changes. */
  markers(): { step: number; label: string }[];
  /** Loss and learning rate per step of the run so far (what the charts show). */
  history(): { step: number; loss: number; learningRate: number }[];
  /** Subspace clustering: status, subspace sizes, family purity / NMI, P×K vs subspace batch comparison. */
  clustering(): ClusteringView;
  /** The last evaluation on the validation identities. */
  evaluation(): EvaluationView;
  /** The loss comparison: status and one row per configuration. */
  compare(): CompareView;
  /** The last trained batch: enough to recompute its census outside the lab. */
  lastBatch(): {
    embeddings: number[][];
    labels: number[];
    margin: number;
    distance: string;
    population: CensusCounts;
    selection: CensusCounts;
  } | null;
}

declare global {
  interface Window {
    __lab: LabHook;
  }
}

/** What the hook reads: the lab's store and run history, and the stores beside it. Handed in by ui/main.tsx. */
export interface LabHookSources {
  lab: { store: Store<LabState>; history: History };
  datasets: { records(): LabDatasetRecord[] };
  clustering: Store<ClusteringState>;
  evaluation: Store<EvaluationState>;
  compare: Store<CompareState>;
  /** ui/drawBudget.ts's current share (handed in by main.tsx: the hook does not import ui/). */
  drawShare(): number;
}

const counts = (c: CensusCounts): CensusCounts => ({
  easy: c.easy,
  semiHard: c.semiHard,
  hard: c.hard,
  total: c.total,
});

export function createLabHook(sources: LabHookSources): LabHook {
  const { store, history } = sources.lab;
  return Object.freeze({
    backend() {
      const state = store.get().backend;
      if (state.status !== 'ready') return null;
      const { name, adapter, passedOver, label, reason, threads } = state.report;
      return structuredClone({
        name,
        ...(adapter ? { adapter } : {}),
        passedOver,
        label,
        reason,
        ...(threads ? { threads } : {}),
      });
    },
    datasets() {
      return structuredClone(sources.datasets.records());
    },
    training() {
      const { status, step, last } = store.get().training;
      return { status, step, loss: last ? last.stats.loss : null };
    },
    run() {
      const { run } = store.get();
      return run ? { params: run.params, flopsPerImage: run.flopsPerImage } : null;
    },
    clustering() {
      return structuredClone(clusteringView(sources.clustering.get()));
    },
    evaluation() {
      return structuredClone(evaluationView(sources.evaluation.get()));
    },
    compare() {
      return structuredClone(compareView(sources.compare.get()));
    },
    drawShare() {
      return sources.drawShare();
    },
    savedStep() {
      return store.get().savedStep;
    },
    markers() {
      return history.markers.map((m) => ({ ...m }));
    },
    history() {
      return history.rows.map((r) => ({ step: r.step, loss: r.loss, learningRate: r.learningRate }));
    },
    lastBatch() {
      const { training, config } = store.get();
      const last = training.last;
      if (!last) return null;
      return structuredClone({
        embeddings: embeddingRows(last),
        labels: Array.from(last.labels),
        margin: last.stats.margin,
        // angularTriplet measures with cosine whatever the setting says.
        distance: LOSSES[config.trainer.loss].fixedDistance ?? config.trainer.distance,
        population: counts(last.stats.population),
        selection: counts(last.stats.selection),
      });
    },
  });
}

export function installLabHook(sources: LabHookSources): void {
  Object.defineProperty(window, '__lab', { value: createLabHook(sources), writable: false, configurable: false });
}
