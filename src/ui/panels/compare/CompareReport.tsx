/** The finished comparison as Markdown, as CSV, and as a link that sets it up again. */
import { useState } from 'react';
import { compareCsv, compareMarkdown, encodeCompareLink, type CompareRecord } from '../../../export/compareReport';
import type { CompareState } from '../../../state/compare';
import { downloadFile } from '../export/download';

export function CompareReport({ state }: { state: CompareState }) {
  const [copied, setCopied] = useState<string | null>(null);
  if (!state.summary || !state.ran || state.summary.seeds === 0) return null;
  const payload = { entries: state.runs.map((r) => ({ label: r.label, settings: r.settings })), ...state.ran, evalEvery: state.evalEvery };
  const link = `${location.origin}${location.pathname}#view=compare&${encodeCompareLink(payload)}`;
  const record = (): CompareRecord => ({ ...payload, summary: state.summary!, link, date: new Date() });
  return (
    <div className="controls" data-testid="compare-report">
      <button onClick={() => downloadFile(compareMarkdown(record()), 'triplet-lab-comparison.md', 'text/markdown')} data-testid="compare-markdown">
        Download report (Markdown)
      </button>
      <button onClick={() => downloadFile(compareCsv(record()), 'triplet-lab-comparison.csv', 'text/csv')} data-testid="compare-csv">
        Download values (CSV)
      </button>
      <button
        onClick={() =>
          void navigator.clipboard
            ?.writeText(link)
            .then(() => setCopied('Link copied: it sets this comparison up again.'))
            .catch(() => setCopied(`Copy this link: ${link}`))
        }
        data-testid="compare-link"
        data-link={link}
      >
        Copy the link that re-runs it
      </button>
      {copied && <span role="status">{copied}</span>}
    </div>
  );
}
