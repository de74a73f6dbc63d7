/**
 * The headline numbers of one evaluation, large enough to read from the back of a room. Each card carries
 * `data-metric` and `data-value` so specs read the number without scraping the formatting.
 */
import type { EvaluationRecord } from '../../../state/evaluation';
import { count, fixed, percent } from './format';

interface Card {
  id: string;
  label: string;
  value: number;
  text: string;
  note: string;
}

export function MetricCards({ record }: { record: EvaluationRecord }) {
  const { verification: v, retrieval: r, clustering: c } = record.result;
  const t = v.tarAtFar;
  const cards: Card[] = [
    { id: 'auc', label: 'ROC AUC', value: v.auc, text: fixed(v.auc, 3), note: 'verification, 1 = perfect' },
    { id: 'eer', label: 'EER', value: v.eer, text: percent(v.eer), note: `at d = ${fixed(v.eerThreshold, 3)}` },
    {
      id: 'accuracy',
      label: '10-fold accuracy',
      value: v.accuracy.mean,
      text: percent(v.accuracy.mean),
      note: `± ${percent(v.accuracy.std)} over ${v.accuracy.folds.length} folds`,
    },
    {
      id: 'tarAtFar',
      label: `TAR @ FAR = ${t.far}`,
      value: t.tar,
      text: percent(t.tar),
      note: t.enough ? `rests on ${count(t.negatives)} negative pairs` : `only ${count(t.negatives)} negative pairs: need ≥ ${count(Math.ceil(1 / t.far))}`,
    },
    { id: 'recallAt1', label: 'Recall@1', value: r.recallAt1, text: percent(r.recallAt1), note: 'nearest image, same identity' },
    { id: 'recallAt5', label: 'Recall@5', value: r.recallAt5, text: percent(r.recallAt5), note: 'any of the 5 nearest' },
    { id: 'mapAtR', label: 'mAP@R', value: r.mapAtR, text: fixed(r.mapAtR, 3), note: 'ranking of all R matches' },
    { id: 'rPrecision', label: 'R-precision', value: r.rPrecision, text: fixed(r.rPrecision, 3), note: 'matches among the R nearest' },
    { id: 'nmi', label: 'NMI', value: c.nmi, text: fixed(c.nmi, 3), note: `k-means, k = ${c.k}` },
  ];
  return (
    <dl className="eval-cards" data-testid="eval-metrics">
      {cards.map((card) => (
        <div key={card.id} className={`eval-card${card.id === 'tarAtFar' && !t.enough ? ' eval-card-warn' : ''}`} data-metric={card.id} data-value={card.value}>
          <dt>{card.label}</dt>
          <dd>{card.text}</dd>
          <dd className="eval-card-note">{card.note}</dd>
        </div>
      ))}
    </dl>
  );
}
