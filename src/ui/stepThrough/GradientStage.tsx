/** Stage 5: the loss of the selected triplets and the gradient it sends back, per layer. */
import { LOSSES } from '../../metric/catalog';
import { combinedNorm, layerUpdates } from '../../train/stepExplanation';
import { Formula } from '../Formula';
import { NormBars } from './NormBars';
import { fmt, type StageProps } from './stage';

export function GradientStage({ report, loss }: StageProps) {
  const { stats, explanation } = report;
  const layers = layerUpdates(explanation.variables);
  const gradNorm = combinedNorm(explanation.variables.map((v) => v.gradNorm));
  return (
    <div>
      <Formula latex={LOSSES[loss].formula} />
      <dl className="st-numbers">
        <dt>Loss</dt>
        <dd data-testid="st-loss">{fmt(stats.loss, 4)}</dd>
        <dt>Active triplets (loss &gt; 0) in the selection</dt>
        <dd>{(100 * stats.selectionActiveFraction).toFixed(1)} %</dd>
        <dt>Gradient norm ‖∂L/∂w‖, all layers</dt>
        <dd data-testid="st-grad-norm">{fmt(gradNorm, 4)}</dd>
      </dl>
      <p>Backpropagation sends the loss's gradient through every layer; its size per layer:</p>
      <NormBars rows={layers.map((l) => ({ name: l.layer, value: l.gradNorm }))} label="Gradient norm per layer" />
    </div>
  );
}
