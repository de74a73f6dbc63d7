/** Per-layer numbers as plain CSS bars with the value written beside each (no colour-only meaning). */
import { fmt } from './stage';

export function NormBars({ rows, label }: { rows: { name: string; value: number }[]; label: string }) {
  const max = Math.max(...rows.map((r) => r.value), 1e-30);
  return (
    <table className="st-bars" aria-label={label}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td className="st-bar-cell">
              <span className="st-bar" style={{ width: `${(100 * r.value) / max}%` }} />
            </td>
            <td className="st-bar-value">{fmt(r.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
