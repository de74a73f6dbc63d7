/**
 * Evaluation on identities the network never trained on: verification (ROC, EER, accuracy, TAR@FAR with a
 * threshold to drag), retrieval (Recall@K, mAP@R), clustering (NMI), a PCA map and a nearest-neighbour gallery.
 * On demand, or every N steps while training runs.
 */
import { memo, useMemo, useState, useSyncExternalStore } from 'react';
import type { EvaluationRecord, EvaluationState } from '../../state/evaluation';
import { evaluation } from '../stores';
import { TtaSelect } from './SettingSelects';
import { chooseThreshold, thresholdChoice, thresholdFor } from '../../state/thresholdChoice';
import { statsAtThreshold } from '../../evaluation';
import { Panel } from '../Panel';
import { useLab, useLabThrottled } from '../useLab';
import { EmbeddingMap } from './evaluation/EmbeddingMap';
import { count } from './evaluation/format';
import { MetricCards } from './evaluation/MetricCards';
import { NeighbourGallery } from './evaluation/NeighbourGallery';
import { RecallHistory } from './evaluation/RecallHistory';
import { RocChart } from './evaluation/RocChart';
import { ThresholdExplorer } from './evaluation/ThresholdExplorer';

const DEFAULT_EVERY = 100;
const PHASE_LABEL = {
  embedding: 'embedding the validation images',
  pairs: 'verification pairs and ROC',
  retrieval: 'retrieval: every image queries all others',
  clustering: 'k-means for NMI',
  projection: 'PCA',
} as const;

function useEvaluation<T>(select: (s: EvaluationState) => T): T {
  return useSyncExternalStore(evaluation.store.subscribe, () => select(evaluation.store.get()));
}

function Progress() {
  const phase = useEvaluation((s) => s.phase);
  const done = useEvaluation((s) => s.done);
  const total = useEvaluation((s) => s.total);
  const embed = useLab((s) => (s.progress?.task === 'embedValidation' ? s.progress : null));
  if (!phase) return null;
  const [d, t] = phase === 'embedding' ? [embed?.done ?? 0, embed?.total ?? 0] : [done, total];
  return (
    <div className="eval-progress" data-testid="eval-progress" role="status">
      <span>{PHASE_LABEL[phase]}</span>
      <progress max={t || 1} value={t ? d : undefined} />
      {t > 0 && <span className="eval-progress-count">{phase === 'embedding' ? `${count(d)} / ${count(t)} images` : `${Math.round((100 * d) / t)}%`}</span>}
    </div>
  );
}

/** Upper end of the distance axis: the largest pair distance, rounded up to a tenth. */
const axisMax = (record: EvaluationRecord): number => {
  let max = 0;
  for (const d of record.result.verification.distances) max = Math.max(max, d);
  return Math.max(0.1, Math.ceil(max * 10) / 10);
};

/** Memoised: the panel re-renders on every training step (the button names the step); the results need not. */
const Results = memo(function Results({ record, selected }: { record: EvaluationRecord; selected: number }) {
  const v = record.result.verification;
  // Shared with try-a-face; a new evaluation starts the slider at its EER threshold.
  const pick = useSyncExternalStore(thresholdChoice.subscribe, thresholdChoice.get);
  const threshold = thresholdFor(record, pick);
  const at = useMemo(() => statsAtThreshold(v.distances, v.pairs.same, threshold), [v, threshold]);
  const max = useMemo(() => axisMax(record), [record]);
  const { images, identities, distance } = record.result;
  return (
    <>
      <p className="eval-caption-line" data-testid="eval-step" data-step={record.step}>
        Step <strong>{count(record.step)}</strong> · {count(images)} images of {count(identities)} held-out identities · {count(v.positives)} positive and{' '}
        {count(v.negatives)} negative pairs · {distance} distance · computed in {Math.round(record.ms)} ms
      </p>
      <MetricCards record={record} />
      <div className="eval-grid">
        <section>
          <h3>Verification: is this pair the same person?</h3>
          <RocChart roc={v.roc} auc={v.auc} eer={v.eer} at={at} />
        </section>
        <section>
          <h3>Drag the threshold</h3>
          <ThresholdExplorer verification={v} max={max} at={at} onThreshold={(t) => chooseThreshold(record, t)} />
        </section>
        <section>
          <h3>Embedding map</h3>
          <EmbeddingMap record={record} selected={selected} />
          <p className="hint">Click a point to see its neighbours.</p>
        </section>
        <section>
          <h3>Retrieval: nearest neighbours</h3>
          <NeighbourGallery record={record} selected={selected} />
        </section>
      </div>
    </>
  );
});

export function EvaluationPanel() {
  const status = useEvaluation((s) => s.status);
  const message = useEvaluation((s) => s.message);
  const latest = useEvaluation((s) => s.latest);
  const history = useEvaluation((s) => s.history);
  const every = useEvaluation((s) => s.every);
  const selected = useEvaluation((s) => s.selected);
  const tta = useEvaluation((s) => s.tta);
  const ready = useLab((s) => s.run !== null);
  const step = useLabThrottled((s) => s.training.step, 1000);
  const [everyText, setEveryText] = useState(String(DEFAULT_EVERY));
  const everyValue = Math.max(1, Math.floor(Number(everyText)) || DEFAULT_EVERY);

  return (
    <Panel id="evaluation" title="Evaluation on held-out identities">
      <div className="controls eval-controls">
        <button type="button" className="eval-primary" data-testid="evaluate" disabled={!ready || status === 'running'} onClick={() => void evaluation.evaluate()}>
          {status === 'running' ? 'Evaluating…' : `Evaluate at step ${count(step)}`}
        </button>
        <label className="eval-every">
          <input
            type="checkbox"
            data-testid="eval-every"
            checked={every !== null}
            onChange={(e) => evaluation.setEvaluateEvery(e.target.checked ? everyValue : null)}
          />
          every
          <input
            type="number"
            min={1}
            step={10}
            value={everyText}
            aria-label="evaluate every this many steps"
            onChange={(e) => {
              setEveryText(e.target.value);
              if (every !== null) evaluation.setEvaluateEvery(Math.max(1, Math.floor(Number(e.target.value)) || DEFAULT_EVERY));
            }}
          />
          steps while training
        </label>
        <label className="eval-tta">
          test-time augmentation{' '}
          <TtaSelect testId="eval-tta" value={tta} onChange={evaluation.setTestTimeAugmentation} />
        </label>
        <Progress />
      </div>
      {status === 'error' && message && (
        <p className="eval-error" role="alert">
          {message}
        </p>
      )}
      {!latest && status !== 'running' && (
        <p className="hint">
          The validation identities are held out: the network never trains on them. Evaluate to see how well it tells them apart.
        </p>
      )}
      {latest && <Results record={latest} selected={selected} />}
      {history.length > 0 && (
        <section>
          <h3>History</h3>
          <RecallHistory history={history} />
        </section>
      )}
    </Panel>
  );
}
