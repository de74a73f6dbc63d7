/** A select over a dataset's identities by name (and number, since folder names can repeat). */
export function IdentityPicker({
  names,
  value,
  onChange,
  label,
  testId,
}: {
  names: readonly string[];
  value: number;
  onChange: (identity: number) => void;
  label: string;
  testId?: string;
}) {
  return (
    <label className="data-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
        {names.map((name, i) => (
          <option key={i} value={i}>
            {name} (#{i})
          </option>
        ))}
      </select>
    </label>
  );
}
