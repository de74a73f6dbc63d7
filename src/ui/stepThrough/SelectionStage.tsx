/**
 * Stage 4: what the miner keeps. The loss's own description, the selection's census beside the population's, and
 * the anchor's triplets the miner picks (the triplet inspector's rule, recomputed here in float64).
 */
import { useMemo } from 'react';
import { LOSSES } from '../../metric/catalog';
import { inspectBatch } from '../../metric/inspect';
import { CENSUS_LABELS } from '../censusPalette';
import { fmt, type StageProps } from './stage';

const SHOWN = 8;

export function SelectionStage({ report, rows, labels, distance, loss, anchor }: StageProps) {
  const entry = LOSSES[loss];
  const { population, selection } = report.stats;
  const mine = useMemo(
    () => inspectBatch(rows, labels, report.stats.margin, distance, entry.inspector).filter((t) => t.anchor === anchor),
    [rows, labels, report.stats.margin, distance, entry.inspector, anchor],
  );
  const picked = mine.filter((t) => t.picked === true);
  const perTriplet = mine.some((t) => t.picked !== null);
  return (
    <div>
      <p>
        <strong>{entry.label}</strong>: {entry.description}
      </p>
      <table className="st-table" data-testid="st-selection">
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">in the batch</th>
            <th scope="col">selected by the miner</th>
          </tr>
        </thead>
        <tbody>
          {(['hard', 'semiHard', 'easy'] as const).map((kind) => (
            <tr key={kind}>
              <th scope="row">{CENSUS_LABELS[kind]}</th>
              <td>{population[kind]}</td>
              <td data-testid={`st-selected-${kind}`}>{selection[kind]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {perTriplet ? (
        <>
          <h4>
            Anchor {anchor}: the miner picks {picked.length} of its {mine.length} triplets
          </h4>
          <ol className="st-picks">
            {picked.slice(0, SHOWN).map((t) => (
              <li key={`${t.positive}-${t.negative}`}>
                positive {t.positive} (d = {fmt(t.apDist)}), negative {t.negative} (d = {fmt(t.anDist)}): {CENSUS_LABELS[t.kind]}
              </li>
            ))}
          </ol>
          {picked.length > SHOWN && <p className="hint">and {picked.length - SHOWN} more.</p>}
        </>
      ) : (
        <p className="hint">This loss does not pick single triplets (it weighs pairs or whole rows): the counts above are its selection.</p>
      )}
    </div>
  );
}
