/**
 * Seed 003's margin warm-up: start small (most triplets active, gentle gradients) and grow the margin over N steps,
 * linearly or in one step. The census depends on the margin, so the chart marks where the schedule is set.
 */
import { lab } from '../stores';
import type { MarginSchedule as Schedule } from '../../train/settings';
import { useLab } from '../useLab';

export function MarginSchedule({ disabled }: { disabled: boolean }) {
  const config = useLab((s) => s.config);
  const schedule = config.trainer.margin;
  const set = (margin: Schedule, label: string) =>
    void lab.update({ ...config, trainer: { ...config.trainer, margin } }, label);
  const warm = schedule.kind === 'constant' ? { from: schedule.margin / 4, to: schedule.margin, steps: 500 } : schedule;
  return (
    <fieldset className="margin-schedule" disabled={disabled}>
      <legend>Margin schedule</legend>
      <label>
        <input
          type="radio"
          name="margin-kind"
          checked={schedule.kind === 'constant'}
          onChange={() => set({ kind: 'constant', margin: warm.to }, `m = ${warm.to}`)}
        />{' '}
        constant
      </label>
      <label>
        <input
          type="radio"
          name="margin-kind"
          checked={schedule.kind === 'linear'}
          onChange={() => set({ kind: 'linear', ...warm }, `warm-up ${warm.from}→${warm.to}`)}
        />{' '}
        linear warm-up
      </label>
      <label>
        <input
          type="radio"
          name="margin-kind"
          checked={schedule.kind === 'step'}
          onChange={() => set({ kind: 'step', ...warm }, `step ${warm.from}→${warm.to}`)}
        />{' '}
        one step
      </label>
      {schedule.kind !== 'constant' && (
        <div className="field-row">
          {(['from', 'to', 'steps'] as const).map((key) => (
            <label key={key}>
              {key === 'steps' ? 'over steps' : `m ${key}`}{' '}
              <input
                type="number"
                min={0}
                max={key === 'steps' ? 100_000 : 2}
                step={key === 'steps' ? 10 : 0.01}
                value={schedule[key]}
                aria-label={`margin schedule ${key}`}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  if (!Number.isFinite(v) || v < 0 || (key === 'steps' && (v < 1 || !Number.isInteger(v)))) return;
                  set({ ...schedule, [key]: v }, `schedule ${key} = ${v}`);
                }}
              />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
