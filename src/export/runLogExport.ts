/**
 * The run log as files: CSV (one row per step, census counts flattened into columns, markers in a last column) for
 * spreadsheets and pandas, and JSON (rows, markers, configuration, run info) for a faithful archive.
 */
import type { RunInfo } from '../train/runProtocol';
import type { RunConfig } from '../train/runConfig';
import type { HistoryRow, Marker } from '../train/historyRow';

type Counts = HistoryRow['population'];
const COUNT_KEYS = ['easy', 'semiHard', 'hard', 'total'] as const;

/** CSV columns, in order; census counts become e.g. `population_semiHard`. */
export const RUN_LOG_COLUMNS: readonly string[] = [
  'step',
  'loss',
  'activeFraction',
  'margin',
  ...COUNT_KEYS.map((k) => `population_${k}`),
  ...COUNT_KEYS.map((k) => `selection_${k}`),
  'apMean',
  'anMean',
  'meanNorm',
  'learningRate',
  'msPerStep',
  'marker',
];

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const numberCell = (n: number): string =>
  Number.isFinite(n) ? String(n) : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';

/**
 * @returns CSV text: a header of RUN_LOG_COLUMNS and one line per row; markers at a step are joined with '; ' in
 * the `marker` column of that step's row (markers before the first row go on the first row).
 */
export function runLogCsv(rows: readonly HistoryRow[], markers: readonly Marker[]): string {
  const labels = new Map<number, string[]>();
  const firstStep = rows[0]?.step ?? 0;
  for (const m of markers) {
    const step = Math.max(m.step, firstStep);
    labels.set(step, [...(labels.get(step) ?? []), m.label]);
  }
  const counts = (c: Counts) => COUNT_KEYS.map((k) => numberCell(c[k]));
  const lines = [RUN_LOG_COLUMNS.join(',')];
  for (const r of rows) {
    const cells = [
      numberCell(r.step),
      numberCell(r.loss),
      numberCell(r.activeFraction),
      numberCell(r.margin),
      ...counts(r.population),
      ...counts(r.selection),
      numberCell(r.apMean),
      numberCell(r.anMean),
      numberCell(r.meanNorm),
      numberCell(r.learningRate),
      numberCell(r.msPerStep),
      csvField((labels.get(r.step) ?? []).join('; ')),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface RunLog {
  format: 'triplet-lab-run-log';
  version: 1;
  config: RunConfig;
  run: RunInfo | null;
  /** A link that reproduces the configuration (seed included). */
  link: string | null;
  markers: Marker[];
  rows: HistoryRow[];
}

/** The run log as pretty JSON. Non-finite numbers (a diverged step) become null, as JSON has no NaN. */
export function runLogJson(log: Omit<RunLog, 'format' | 'version'>): string {
  const full: RunLog = { format: 'triplet-lab-run-log', version: 1, ...log };
  return JSON.stringify(full, null, 1);
}
