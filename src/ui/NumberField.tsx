import { useEffect, useState } from 'react';

/**
 * A labelled number input that keeps what is typed and applies it on Enter or when focus leaves, if it lies in
 * [min, max]; otherwise it says why and keeps the applied value. Typing 12 never passes through 1, and a run's chart
 * gets one marker per change, not one per keystroke.
 */
export function NumberField(props: {
  id: string;
  label: string;
  min: number;
  max: number;
  value: number;
  step?: number | 'any';
  integer?: boolean;
  disabled?: boolean;
  hint?: string;
  onChange: (value: number) => void;
}) {
  const { id, label, min, max, value, step = 'any', integer = false, disabled, hint, onChange } = props;
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      setError(`${label}: enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
      return;
    }
    setError(null);
    if (v !== value) onChange(v);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
      {!error && hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}
