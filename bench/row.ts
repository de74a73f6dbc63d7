/** One line of `npm run bench`: a ratio between two things measured in the same run, never a bare timing. */
export interface BenchRow {
  /** The area the row belongs to: metric, cluster, data, train. */
  area: string;
  /** What was compared, e.g. "census vs naive B³, B=512, cpu". */
  case: string;
  /** The ratio, e.g. naive time / lab time (state the direction in `unit`). */
  ratio: number;
  /** How to read the ratio, e.g. "× faster" or "× less peak memory". */
  unit: string;
  /** Extra facts: absolute numbers for context, sizes, skipped reasons. */
  note?: string;
}

export type BenchModule = { run: () => Promise<BenchRow[]> };

/** The rows as the one Markdown table that `npm run bench` prints. */
export function benchTable(rows: readonly BenchRow[]): string {
  const header = `| area | case | ratio | unit | note |\n| --- | --- | ---: | --- | --- |`;
  const lines = rows.map((r) => `| ${r.area} | ${r.case} | ${r.ratio.toFixed(2)} | ${r.unit} | ${r.note ?? ''} |`);
  return [header, ...lines].join('\n');
}
