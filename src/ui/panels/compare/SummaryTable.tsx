/**
 * The comparison's statistics: per configuration each held-out metric's mean ± half-width of its 95 % t-interval
 * over the seeds every configuration has finished, the time per step and what the budget bought.
 */
import type { CompareState } from '../../../state/compare';
import { describeBudget } from '../../../state/compare';
import { COMPARE_METRICS } from '../../../evaluation/compareMetrics';
import { COMPARE_COLORS } from './colors';

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

export function SummaryTable({ summary, ran }: { summary: NonNullable<CompareState['summary']>; ran: NonNullable<CompareState['ran']> }) {
  return (
    <table className="compare-table" data-testid="compare-summary">
      <caption>
        {describeBudget(ran.budget)}; {summary.seeds} of {ran.seeds} seeds finished. Mean ± half-width of the 95 % interval over seeds, on
        held-out identities.
      </caption>
      <thead>
        <tr>
          <th scope="col">configuration</th>
          {COMPARE_METRICS.map((m) => (
            <th key={m.id} scope="col">
              {m.label} {m.higherIsBetter ? '↑' : '↓'}
            </th>
          ))}
          <th scope="col">ms / step</th>
          <th scope="col">steps · images</th>
        </tr>
      </thead>
      <tbody>
        {summary.configs.map((c, i) => {
          const used = c.perSeed.at(-1);
          return (
            <tr key={c.label + i} data-config={i}>
              <th scope="row" style={{ borderLeft: `6px solid ${COMPARE_COLORS[i % COMPARE_COLORS.length]}` }}>
                {c.label}
              </th>
              {COMPARE_METRICS.map((m) => {
                const v = c.metrics[m.id];
                return (
                  <td key={m.id} data-metric={m.id} data-mean={v.mean} data-half-width={v.halfWidth}>
                    {fmt(v.mean)}
                    {Number.isFinite(v.halfWidth) && <span className="compare-pm"> ± {fmt(v.halfWidth)}</span>}
                  </td>
                );
              })}
              <td>{fmt(c.msPerStep.mean, 1)}</td>
              <td>{used ? `${used.steps} · ${used.images}` : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
