/**
 * The loss part of the Model & loss panel: the loss, its formula and explanation, its miner and reducer, the margin
 * and its schedule, the options the loss file declares, and the distance (fixed for a loss that fixes it).
 */
import { LOSSES } from '../../metric/catalog';
import type { TrainerSettings } from '../../train/settings';
import { Formula } from '../Formula';
import { lab } from '../stores';
import { MarginSchedule } from './MarginSchedule';
import { OptionInput } from './OptionInput';
import { LossSelect } from './SettingSelects';

interface Props {
  trainer: TrainerSettings;
  disabled: boolean;
  apply: (trainer: TrainerSettings, label: string) => void;
}

export function LossSettings({ trainer: t, disabled: running, apply }: Props) {
  const entry = LOSSES[t.loss];
  const margin = t.margin.kind === 'constant' ? t.margin.margin : t.margin.to;
  return (
    <>
      <div className="field">
        <label htmlFor="loss">Loss</label>
        <LossSelect id="loss" value={t.loss} disabled={running} onChange={(loss) => apply({ ...t, loss, lossOptions: {} }, `loss → ${loss}`)} />
      </div>
      <Formula latex={entry.formula} />
      <p className="explanation">{entry.explanation}</p>
      <p className="source">Source: {entry.source}</p>
      <p className="hint" data-testid="loss-composition">
        Miner: {entry.composition.miner}. Reducer: {entry.composition.reducer}.
      </p>
      <div className="field">
        <label htmlFor="margin">Margin m = {margin.toFixed(2)}</label>
        <input
          id="margin"
          type="range"
          min={0}
          max={2}
          step={0.01}
          value={margin}
          onChange={(e) => lab.setMargin(Number(e.target.value))}
          aria-describedby="margin-hint"
        />
      </div>
      <p id="margin-hint" className="hint">
        The margin can change while training; the census reacts at the next step.
      </p>
      <MarginSchedule disabled={running} />
      {entry.options.map((spec) => (
        <OptionInput
          key={spec.name}
          spec={spec}
          value={t.lossOptions[spec.name]}
          disabled={running}
          onChange={(v) =>
            apply({ ...t, lossOptions: { ...t.lossOptions, [spec.name]: v } }, `${spec.name} = ${String(v)}`)
          }
        />
      ))}
      <div className="field">
        <label htmlFor="distance">Distance</label>
        <select
          id="distance"
          value={entry.fixedDistance ?? t.distance}
          disabled={running || entry.fixedDistance !== undefined}
          onChange={(e) =>
            apply({ ...t, distance: e.target.value as TrainerSettings['distance'] }, `distance → ${e.target.value}`)
          }
        >
          <option value="euclidean">euclidean</option>
          <option value="squaredEuclidean">squared euclidean</option>
          <option value="cosine">cosine</option>
        </select>
      </div>
    </>
  );
}
