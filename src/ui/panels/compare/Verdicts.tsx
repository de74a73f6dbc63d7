/** The pairwise verdicts in words: differences the seeds show first, then (folded) the pairs with none shown. */
import type { CompareSummary } from '../../../evaluation/compareMetrics';

export function Verdicts({ summary }: { summary: CompareSummary }) {
  const shown = summary.verdicts.filter((v) => v.winner !== null);
  const none = summary.verdicts.filter((v) => v.winner === null);
  if (summary.seeds < 2)
    return <p className="hint" data-testid="compare-verdicts">One seed finished: verdicts need two or more (intervals come from the spread over seeds).</p>;
  return (
    <div data-testid="compare-verdicts">
      <h3 className="compare-heading">What the seeds show (paired, 95 %)</h3>
      {shown.length > 0 ? (
        <ul>
          {shown.map((v) => (
            <li key={`${v.a}-${v.b}-${v.metric}`}>{v.text}</li>
          ))}
        </ul>
      ) : (
        <p>No difference shown on any metric over {summary.seeds} seeds.</p>
      )}
      {none.length > 0 && (
        <details>
          <summary>{none.length} comparisons with no difference shown</summary>
          <ul>
            {none.map((v) => (
              <li key={`${v.a}-${v.b}-${v.metric}`}>{v.text}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
