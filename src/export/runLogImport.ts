/**
 * Reads a run log CSV back into history rows: the lab's own (runLogExport.ts) or the one the training package's
 * train.py writes (the same columns, then each rank's census and the weight spread across ranks). Columns the writer
 * did not measure (train.py leaves the miner's selection empty) read as NaN, which the charts leave out.
 */
import type { HistoryRow } from '../train/historyRow';
import { RUN_LOG_COLUMNS } from './runLogExport';

const COUNT_KEYS = ['easy', 'semiHard', 'hard', 'total'] as const;
/** Every column a row needs; `marker` and anything after it are optional. */
const REQUIRED = RUN_LOG_COLUMNS.filter((c) => c !== 'marker');

/** One CSV line's cells (RFC 4180 quotes, as runLogCsv writes them). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

const numberOf = (text: string | undefined): number => (text === undefined || text.trim() === '' ? NaN : Number(text));

/**
 * @param text the CSV file's text
 * @returns one row per line, in file order; throws naming the missing columns or the first line that is not a step
 */
export function parseRunLogCsv(text: string): HistoryRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = cells(lines[0] ?? '');
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`This CSV is not a run log: it lacks the column(s) ${missing.join(', ')}.`);
  const at = new Map(header.map((name, i) => [name, i]));
  return lines.slice(1).map((line, n) => {
    const row = cells(line);
    const get = (name: string) => numberOf(row[at.get(name) ?? -1]);
    const step = get('step');
    if (!Number.isInteger(step)) throw new Error(`Line ${n + 2} of the run log has no step number.`);
    const counts = (prefix: string) =>
      Object.fromEntries(COUNT_KEYS.map((k) => [k, get(`${prefix}_${k}`)])) as HistoryRow['population'];
    return {
      step,
      loss: get('loss'),
      activeFraction: get('activeFraction'),
      margin: get('margin'),
      population: counts('population'),
      selection: counts('selection'),
      apMean: get('apMean'),
      anMean: get('anMean'),
      meanNorm: get('meanNorm'),
      learningRate: get('learningRate'),
      msPerStep: get('msPerStep'),
    };
  });
}
