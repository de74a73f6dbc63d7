/**
 * Evaluation on held-out identities (metric-learning.md, "Evaluation"): the training worker embeds every validation
 * image with the current network, then the page computes verification, retrieval, clustering and a 2-D PCA in
 * slices (src/evaluation yields to the event loop; a few hundred images take milliseconds). Its own small
 * store, made with the lab it measures (ui/stores.ts); the Evaluation panel reads it, the test hook copies from it.
 */
import { errorText } from '../common/errorText';
import { everySteps } from './everySteps';
import { LOSSES } from '../metric/catalog';
import { evaluateEmbeddings, type EvalDistance, type EvaluationPhase, type EvaluationResult } from '../evaluation';
import type { DatasetChoice } from '../train/datasetSource';
import type { ImageEmbeddings } from '../train/identityEmbedding';
import type { TestTimeAugmentation } from '../data/augmentation';
import type { Lab } from './lab';
import type { LabConfig } from './config';
import { createStore } from './store';

export type EvaluationStatus = 'idle' | 'running' | 'done' | 'error';

/** One finished evaluation with what the gallery and the map need to show it. */
export interface EvaluationRecord {
  step: number;
  result: EvaluationResult;
  /** The embeddings it measured (rows = validation images). */
  embeddings: ImageEmbeddings;
  /** The dataset the image indices refer to, for thumbnails. */
  dataset: DatasetChoice;
  ms: number;
  /** The same images embedded with test-time augmentation (null: off), scored the same way. */
  tta: { mode: TestTimeAugmentation; result: EvaluationResult } | null;
}

export interface EvaluationSummary {
  step: number;
  auc: number;
  eer: number;
  accuracy: number;
  recallAt1: number;
  recallAt5: number;
  mapAtR: number;
  nmi: number;
}

export interface EvaluationState {
  status: EvaluationStatus;
  /** What a running evaluation is doing: the worker embedding, then each computing phase. */
  phase: 'embedding' | EvaluationPhase | null;
  /** Progress within the computing phase (the embedding phase reads lab.store.progress). */
  done: number;
  total: number;
  message: string | null;
  latest: EvaluationRecord | null;
  /** Every evaluation of this run, oldest first. */
  history: EvaluationSummary[];
  /** Evaluate each time training crosses a multiple of this many steps; null: off. */
  every: number | null;
  /** Row of the query shown in the neighbour gallery. */
  selected: number;
  /** Test-time augmentation measured beside the plain result ('none': not measured). */
  tta: TestTimeAugmentation;
}

export const INITIAL_EVALUATION: EvaluationState = {
  status: 'idle',
  phase: null,
  done: 0,
  total: 0,
  message: null,
  latest: null,
  history: [],
  every: null,
  selected: 0,
  tta: 'flip',
};

/** The distance `config` trains with (a loss may fix its own), so thresholds read in the same units. */
function evaluationDistance(trainer: LabConfig['trainer']): EvalDistance {
  return LOSSES[trainer.loss].fixedDistance ?? trainer.distance;
}

export const summarise = (record: { step: number; result: EvaluationResult }): EvaluationSummary => ({
  step: record.step,
  auc: record.result.verification.auc,
  eer: record.result.verification.eer,
  accuracy: record.result.verification.accuracy.mean,
  recallAt1: record.result.retrieval.recallAt1,
  recallAt5: record.result.retrieval.recallAt5,
  mapAtR: record.result.retrieval.mapAtR,
  nmi: record.result.clustering.nmi,
});

/** What the evaluation needs of the lab: its configuration and step, and the training worker. */
export type EvaluationLab = Pick<Lab, 'store' | 'worker'>;

/** The evaluation's store and the actions of the Evaluation panel, on `lab`'s current network. */
export function createEvaluation(lab: EvaluationLab) {
  const store = createStore<EvaluationState>(INITIAL_EVALUATION);
  const patch = (p: Partial<EvaluationState>) => store.set((s) => ({ ...s, ...p }));
  let unwatch: (() => void) | null = null;

  /** Embeds the validation images in the training worker (between steps) and scores them. No-op while one runs. */
  async function evaluate(): Promise<void> {
    if (store.get().status === 'running') return;
    const client = lab.worker();
    if (!client) {
      patch({ status: 'error', message: 'The training worker is not ready yet.' });
      return;
    }
    patch({ status: 'running', phase: 'embedding', done: 0, total: 0, message: null });
    const { config } = lab.store.get();
    const distance = evaluationDistance(config.trainer);
    try {
      const { embeddings, step } = await client.embedValidation();
      const started = performance.now();
      const score = (e: ImageEmbeddings) =>
        evaluateEmbeddings(
          { embeddings: e.embeddings, dim: e.dim, labels: e.labels },
          { distance, seed: config.trainer.seed, onProgress: (phase, done, total) => patch({ phase, done, total }) },
        );
      const result = await score(embeddings);
      const ms = performance.now() - started;
      const mode = store.get().tta;
      let tta: EvaluationRecord['tta'] = null;
      if (mode !== 'none') {
        patch({ phase: 'embedding' });
        const augmented = await client.embedValidation('validation', mode);
        // Between the two passes the run may have stepped on; only the same step is comparable.
        if (augmented.step === step) tta = { mode, result: await score(augmented.embeddings) };
      }
      const record: EvaluationRecord = { step, result, embeddings, dataset: config.dataset, ms, tta };
      store.set((s) => {
        // A reset or a new run starts the history again.
        const history = s.history.filter((h) => h.step < step);
        return {
          ...s,
          status: 'done',
          phase: null,
          latest: record,
          history: [...history, summarise(record)],
          selected: Math.min(s.selected, embeddings.labels.length - 1),
        };
      });
    } catch (error) {
      patch({ status: 'error', phase: null, message: errorText(error) });
    }
  }

  return {
    store,
    evaluate,
    /** Chooses the test-time augmentation measured beside the plain result from the next evaluation on. */
    setTestTimeAugmentation(tta: TestTimeAugmentation): void {
      patch({ tta });
    },
    /** Picks the query row of the neighbour gallery (clamped to the rows of the latest evaluation). */
    selectQuery(row: number): void {
      const n = store.get().latest?.embeddings.labels.length ?? 0;
      if (n === 0) return;
      patch({ selected: ((row % n) + n) % n });
    },
    /** Turns periodic evaluation on (every `every` steps while training runs) or off (null). */
    setEvaluateEvery(every: number | null): void {
      patch({ every });
      unwatch?.();
      unwatch = null;
      if (every === null || every < 1) return;
      unwatch = everySteps(lab.store, every, () => {
        if (store.get().status !== 'running') void evaluate();
      });
    },
  };
}

export type Evaluation = ReturnType<typeof createEvaluation>;
