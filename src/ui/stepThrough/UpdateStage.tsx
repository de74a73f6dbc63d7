/**
 * Stage 6: the update. How far the optimizer moved each layer, relative to its size, and what that did to the
 * same batch: its loss and census before and after, both measured in inference mode.
 */
import { combinedNorm, layerUpdates } from '../../train/stepExplanation';
import { CENSUS_LABELS } from '../censusPalette';
import { NormBars } from './NormBars';
import { fmt, type StageProps } from './stage';

export function UpdateStage({ report }: StageProps) {
  const { explanation, learningRate } = report;
  const { before, after } = explanation;
  const layers = layerUpdates(explanation.variables);
  const rows: { name: string; key: string; before: number; after: number; digits: number }[] = [
    { name: 'loss', key: 'loss', before: before.loss, after: after.loss, digits: 4 },
    ...(['hard', 'semiHard', 'easy'] as const).map((k) => ({ name: CENSUS_LABELS[k], key: k, before: before.population[k], after: after.population[k], digits: 0 })),
    { name: 'mean d(a,p)', key: 'ap', before: before.apMean, after: after.apMean, digits: 4 },
    { name: 'mean d(a,n)', key: 'an', before: before.anMean, after: after.anMean, digits: 4 },
  ];
  return (
    <div className="st-two">
      <div>
        <p>
          The optimizer moved the weights by ‖Δw‖ = <strong data-testid="st-update-norm">{fmt(combinedNorm(explanation.variables.map((v) => v.updateNorm)), 4)}</strong>{' '}
          at learning rate {fmt(learningRate, 5)}. Relative to each layer's weights:
        </p>
        <NormBars rows={layers.map((l) => ({ name: l.layer, value: l.weightNorm > 0 ? l.updateNorm / l.weightNorm : 0 }))} label="Update size per layer, ‖Δw‖ / ‖w‖" />
      </div>
      <table className="st-table" data-testid="st-before-after">
        <caption>The same batch before and after the update (inference mode)</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">before</th>
            <th scope="col">after</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.name}</th>
              <td>{r.digits === 0 ? r.before : fmt(r.before, r.digits)}</td>
              <td>{r.digits === 0 ? r.after : fmt(r.after, r.digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
