/** One option of a loss, as its registry entry describes it (number, integer, boolean or choice). */
import type { OptionSpec } from '../../metric';

export function OptionInput({
  spec,
  value,
  onChange,
  disabled,
}: {
  spec: OptionSpec;
  value: unknown;
  onChange: (v: number | string | boolean) => void;
  disabled: boolean;
}) {
  const id = `opt-${spec.name}`;
  const label = <label htmlFor={id}>{spec.name}</label>;
  // The option's description, visible under its field (never only in a `title`) and read with it.
  const hintId = `${id}-hint`;
  const hint = (
    <span id={hintId} className="hint">
      {spec.description}
    </span>
  );
  switch (spec.type) {
    case 'boolean':
      return (
        <div className="field">
          {label}
          <input
            id={id}
            type="checkbox"
            checked={Boolean(value ?? spec.default)}
            disabled={disabled}
            aria-describedby={hintId}
            onChange={(e) => onChange(e.target.checked)}
          />
          {hint}
        </div>
      );
    case 'choice':
      return (
        <div className="field">
          {label}
          <select
            id={id}
            value={String(value ?? spec.default)}
            disabled={disabled}
            aria-describedby={hintId}
            onChange={(e) => onChange(e.target.value)}
          >
            {spec.choices.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          {hint}
        </div>
      );
    case 'number':
    case 'integer':
      return (
        <div className="field">
          {label}
          <input
            id={id}
            type="number"
            min={spec.min}
            max={spec.max}
            step={spec.type === 'integer' ? 1 : 'any'}
            value={Number(value ?? spec.default)}
            disabled={disabled}
            aria-describedby={hintId}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v) && v >= spec.min && v <= spec.max) onChange(v);
            }}
          />
          {hint}
        </div>
      );
  }
}
