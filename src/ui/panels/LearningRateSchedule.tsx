/**
 * The learning-rate schedule (constant, Hermans et al.'s exponential decay, cosine; optional linear warm-up) and
 * weight decay. The rate in force is drawn on the norm / learning-rate chart from the steps' own reports.
 */
import { describeSchedule, type LearningRateScheduleKind } from '../../train/learningRate';
import type { TrainerSettings } from '../../train/settings';
import { NumberField } from '../NumberField';

const KINDS: { id: LearningRateScheduleKind; label: string }[] = [
  { id: 'constant', label: 'constant' },
  { id: 'exponential', label: 'exponential decay (Hermans et al.)' },
  { id: 'cosine', label: 'cosine' },
];

export function LearningRateSchedule(props: {
  trainer: TrainerSettings;
  disabled: boolean;
  apply: (trainer: TrainerSettings, label: string) => void;
}) {
  const { trainer: t, disabled, apply } = props;
  const s = t.schedule;
  const set = (schedule: TrainerSettings['schedule']) => apply({ ...t, schedule }, `lr schedule: ${describeSchedule(schedule)}`);
  return (
    <fieldset className="lr-schedule" disabled={disabled}>
      <legend>Learning-rate schedule</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor="lr-schedule">Schedule</label>
          <select id="lr-schedule" value={s.kind} onChange={(e) => set({ ...s, kind: e.target.value as LearningRateScheduleKind })}>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        {s.kind !== 'constant' && (
          <>
            <NumberField id="lr-start" label="decay from step t₀" integer min={0} max={10_000_000} value={s.start} onChange={(start) => set({ ...s, start })} />
            <NumberField
              id="lr-end"
              label={s.kind === 'exponential' ? 'reaches ×0.001 at t₁' : 'reaches 0 at t₁'}
              integer
              min={s.start + 1}
              max={10_000_000}
              value={s.end}
              onChange={(end) => set({ ...s, end })}
            />
          </>
        )}
        <NumberField id="lr-warmup" label="warm-up steps" integer min={0} max={1_000_000} value={s.warmup} onChange={(warmup) => set({ ...s, warmup })} />
        <NumberField
          id="weight-decay"
          label="weight decay λ"
          min={0}
          max={1}
          value={t.weightDecay}
          onChange={(weightDecay) => apply({ ...t, weightDecay }, `weight decay = ${weightDecay}`)}
        />
      </div>
      <p className="hint">
        {describeSchedule(s)}. {s.kind === 'exponential' && 'Hermans et al. keep ε₀ for the first 15,000 of 25,000 steps, then decay. '}
        Weight decay adds λ·w to every gradient, as PyTorch’s <code>weight_decay</code>.
      </p>
    </fieldset>
  );
}
