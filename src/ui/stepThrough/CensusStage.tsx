/**
 * Stage 3: the census. The anchor's negatives on the margin band (drag the margin to ask "what if"; the step itself
 * used the margin it shows first), and the whole batch's easy / semi-hard / hard counts with their inequalities.
 */
import { useState } from 'react';
import { MarginBand } from '../panels/lesson/MarginBand';
import { CENSUS_LABELS } from '../censusPalette';
import { fmt, type StageProps } from './stage';

export function CensusStage({ report, distance }: StageProps) {
  const trained = report.stats.margin;
  const [margin, setMargin] = useState(trained);
  const { population } = report.stats;
  const share = (n: number) => (population.total > 0 ? ` (${((100 * n) / population.total).toFixed(1)} %)` : '');
  return (
    <div>
      <p>
        Every valid triplet (anchor, positive of its identity, negative of another) falls in one class, with margin m ={' '}
        {fmt(trained, 2)}: <strong>hard</strong> d(a,n) &lt; d(a,p); <strong>semi-hard</strong> d(a,p) ≤ d(a,n) &lt;
        d(a,p) + m; <strong>easy</strong> d(a,n) ≥ d(a,p) + m. Only hard and semi-hard triplets have a loss.
      </p>
      <MarginBand report={report} margin={margin} distance={distance} onMargin={setMargin} />
      {margin !== trained && (
        <p className="hint">
          Margin moved to {fmt(margin, 2)} here only; the step trained with {fmt(trained, 2)}.{' '}
          <button className="link" onClick={() => setMargin(trained)}>
            Back to {fmt(trained, 2)}
          </button>
        </p>
      )}
      <table className="st-table" data-testid="st-census">
        <caption>The whole batch at m = {fmt(trained, 2)}: {population.total} valid triplets</caption>
        <tbody>
          {(['hard', 'semiHard', 'easy'] as const).map((kind) => (
            <tr key={kind} data-kind={kind}>
              <th scope="row">{CENSUS_LABELS[kind]}</th>
              <td data-testid={`st-census-${kind}`}>
                {population[kind]}
                {share(population[kind])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
