/**
 * The headline numbers of one evaluation, large enough to read from the back of a room. Each card carries
 * `data-metric` and `data-value` so specs read the number without scraping the formatting.
 */
import type { EvaluationRecord } from '../../../state/evaluation';
import type { EvaluationResult } from '../../../evaluation';
import { TEST_TIME_AUGMENTATIONS } from '../../../data/augmentation';
import { count, fixed, percent } from './format';

interface Card {
  id: string;
  label: string;
  value: number;
  text: string;
  note: string;
}

function cardsOf(result: EvaluationResult): Card[] {
  const { verification: v, retrieval: r, clustering: c } = result;
  const t = v.tarAtFar;
  return [
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
}

export function MetricCards({ record }: { record: EvaluationRecord }) {
  const t = record.result.verification.tarAtFar;
  const cards = cardsOf(record.result);
  // Test-time augmentation, measured on the same images and pairs, beside each plain number.
  const tta = record.tta ? new Map(cardsOf(record.tta.result).map((c) => [c.id, c])) : null;
  const ttaLabel = record.tta ? TEST_TIME_AUGMENTATIONS.find((m) => m.id === record.tta!.mode)?.label : '';
  return (
    <>
      <dl className="eval-cards" data-testid="eval-metrics">
        {cards.map((card) => (
          <div key={card.id} className={`eval-card${card.id === 'tarAtFar' && !t.enough ? ' eval-card-warn' : ''}`} data-metric={card.id} data-value={card.value}>
            <dt>{card.label}</dt>
            <dd>{card.text}</dd>
            <dd className="eval-card-note">{card.note}</dd>
            {tta?.get(card.id) && (
              <dd className="eval-card-tta" data-tta-value={tta.get(card.id)!.value}>
                TTA {tta.get(card.id)!.text}
              </dd>
            )}
          </div>
        ))}
      </dl>
      {tta && (
        <p className="hint" data-testid="eval-tta-note">
          TTA: the same measure with test-time augmentation ({ttaLabel}), on the same images and pairs.
        </p>
      )}
    </>
  );
}
