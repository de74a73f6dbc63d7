/**
 * `window.__lab`: a typed, read-only view of the app's state for e2e specs and for a curious user in the devtools
 * console. Each getter returns a fresh copy, so nothing read here can change the app.
 */
import type { AdapterInfo, BackendName, PassedOver } from '../train/backend';
import { embeddingRows } from '../train/stepReport';
import type { TrainStatus } from '../workers/trainProtocol';
import type { LabDatasetRecord } from '../data/datasetMeta';
import { LOSSES } from '../metric';
import { clusteringHook, type ClusteringView } from './clusteringStore';
import { compareHook } from './compare';
import { datasetLibrary } from './datasets';
import { evaluationHook } from './evaluation';
import type { History } from './history';
import type { LabState, Store } from './store';

interface CensusCounts {
  easy: number;
  semiHard: number;
  hard: number;
  total: number;
}

export interface LabHook {
  /** The active backend, or null while it is starting (or failed to start). */
  backend(): { name: BackendName; adapter?: AdapterInfo; passedOver: PassedOver[]; label: string; reason: string } | null;
  /** Every dataset in the library, with its import counts (skipped files keyed by reason). */
  datasets(): LabDatasetRecord[];
  training(): { status: TrainStatus; step: number; loss: number | null };
  /** The step of the last checkpoint saved in IndexedDB, or null. */
  savedStep(): number | null;
  /** The charts' markers: one per step where settings changed, naming the changes. */
  markers(): { step: number; label: string }[];
  /** Loss and learning rate per step of the run so far (what the charts show). */
  history(): { step: number; loss: number; learningRate: number }[];
  /** Subspace clustering: status, subspace sizes, family purity / NMI, P×K vs subspace batch comparison. */
  clustering(): ClusteringView;
  /** The last evaluation on the validation identities. */
  evaluation(): ReturnType<typeof evaluationHook>;
  /** The loss comparison: status and one row per configuration. */
  compare(): ReturnType<typeof compareHook>;
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

const counts = (c: CensusCounts): CensusCounts => ({ easy: c.easy, semiHard: c.semiHard, hard: c.hard, total: c.total });

export function createLabHook(store: Store<LabState>, history: History): LabHook {
  return Object.freeze({
    backend() {
      const state = store.get().backend;
      if (state.status !== 'ready') return null;
      const { name, adapter, passedOver, label, reason } = state.report;
      return structuredClone({ name, ...(adapter ? { adapter } : {}), passedOver, label, reason });
    },
    datasets() {
      return structuredClone(datasetLibrary.records());
    },
    training() {
      const { status, step, last } = store.get().training;
      return { status, step, loss: last ? last.stats.loss : null };
    },
    clustering() {
      return structuredClone(clusteringHook());
    },
    evaluation() {
      return structuredClone(evaluationHook());
    },
    compare() {
      return structuredClone(compareHook());
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

export function installLabHook(store: Store<LabState>, history: History): void {
  Object.defineProperty(window, '__lab', { value: createLabHook(store, history), writable: false, configurable: false });
}
