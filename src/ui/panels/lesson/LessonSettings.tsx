/**
 * The three knobs a lesson on mining turns, beside the census: the loss, the margin (live, also while training) and
 * the sampler. The full settings are in Model & loss below the lesson view.
 */
import { lab } from '../../stores';
import type { TrainerSettings } from '../../../train/settings';
import { useLab } from '../../useLab';
import { LossSelect, SamplerSelect } from '../SettingSelects';

export function LessonSettings() {
  const config = useLab((s) => s.config);
  const running = useLab((s) => s.training.status === 'running');
  const t = config.trainer;
  const margin = t.margin.kind === 'constant' ? t.margin.margin : t.margin.to;
  const apply = (trainer: TrainerSettings, label: string) => void lab.update({ ...config, trainer }, label);
  return (
    <div className="lesson-settings" data-testid="lesson-settings">
      <div className="field">
        <label htmlFor="lesson-loss">Loss</label>
        <LossSelect id="lesson-loss" value={t.loss} disabled={running} onChange={(loss) => apply({ ...t, loss, lossOptions: {} }, `loss → ${loss}`)} />
      </div>
      <div className="field">
        <label htmlFor="lesson-margin">Margin m = {margin.toFixed(2)}</label>
        <input id="lesson-margin" type="range" min={0} max={2} step={0.01} value={margin} onChange={(e) => lab.setMargin(Number(e.target.value))} />
      </div>
      <div className="field">
        <label htmlFor="lesson-sampler">Batches</label>
        <SamplerSelect id="lesson-sampler" value={t.sampler} disabled={running} onChange={(sampler) => apply({ ...t, sampler }, `sampler → ${sampler}`)} />
      </div>
    </div>
  );
}
