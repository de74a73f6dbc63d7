/**
 * A comparison as files and as a link: Markdown for a write-up, CSV for a spreadsheet (every per-seed value, the
 * means and intervals, the verdicts), and an address that sets the same comparison up again.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { CompareBudget, CompareEntry } from '../train/comparison';
import { COMPARE_METRICS, type CompareSummary } from '../evaluation/compareMetrics';

export interface CompareRecord {
  entries: CompareEntry[];
  seeds: number;
  budget: CompareBudget;
  evalEvery: number;
  summary: CompareSummary;
  /** The address that sets the comparison up again. */
  link: string;
  /** When it finished, for the report's heading. */
  date: Date;
}

/** The hash key of a comparison link. */
export const COMPARE_KEY = 'cmp';

const BUDGET_WORDS = { steps: ['equal steps', 'steps'], time: ['equal training time', 's'], images: ['equal images seen', 'images'] } as const;
const budgetText = (b: CompareBudget) => `${BUDGET_WORDS[b.kind][0]}: ${b.value} ${BUDGET_WORDS[b.kind][1]} per configuration and seed`;
const num = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '');
const pm = (mean: number, half: number) => (Number.isFinite(half) ? `${num(mean)} ± ${num(half)}` : num(mean));

/** The settings a comparison varies, in one line. */
function settingsText(t: CompareEntry['settings']): string {
  const options = Object.entries(t.lossOptions).map(([k, v]) => `${k}=${String(v)}`);
  const margin = t.margin.kind === 'constant' ? `m = ${t.margin.margin}` : `m ${t.margin.kind} ${t.margin.from} → ${t.margin.to} over ${t.margin.steps} steps`;
  return [
    `loss ${t.loss}${options.length > 0 ? ` (${options.join(', ')})` : ''}`,
    margin,
    `${t.distance} distance`,
    `sampler ${t.sampler}, P × K = ${t.P} × ${t.K}`,
    `${t.optimizer}, lr ${t.learningRate}`,
    `network ${t.model.backbone ?? 'lunet'} ${t.model.preset}, D = ${t.model.embeddingDim}`,
    `base seed ${t.seed}`,
  ].join('; ');
}

export function compareMarkdown(r: CompareRecord): string {
  const { summary } = r;
  const head = ['configuration', ...COMPARE_METRICS.map((m) => m.label), 'ms / step'];
  const rows = summary.configs.map((c) => [
    c.label,
    ...COMPARE_METRICS.map((m) => pm(c.metrics[m.id].mean, c.metrics[m.id].halfWidth)),
    pm(c.msPerStep.mean, c.msPerStep.halfWidth),
  ]);
  const table = (h: string[], body: string[][]) => [h, h.map(() => '---'), ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const perSeed = summary.configs.flatMap((c) =>
    c.perSeed.map((s) => [c.label, String(s.seed), ...COMPARE_METRICS.map((m) => num(s.metrics[m.id])), String(s.steps), String(s.images), num(s.msPerStep, 1)]),
  );
  const shown = summary.verdicts.filter((v) => v.winner !== null);
  return [
    `# Triplet Lab comparison, ${r.date.toISOString().slice(0, 10)}`,
    '',
    `${summary.configs.length} configurations × ${summary.seeds} seeds (of ${r.seeds} asked), ${budgetText(r.budget)}.`,
    'Same data split, network and initial weights per seed; held-out identities. Mean ± half-width of the 95 % t-interval over seeds.',
    '',
    table(head, rows),
    '',
    '## Configurations',
    '',
    ...r.entries.map((e) => `- **${e.label}**: ${settingsText(e.settings)}`),
    '',
    '## Verdicts (paired over seeds, 95 %)',
    '',
    ...(shown.length > 0 ? shown.map((v) => `- ${v.text}`) : ['- No difference shown on any metric.']),
    ...summary.verdicts.filter((v) => v.winner === null).map((v) => `- ${v.text}`),
    '',
    '## Every seed',
    '',
    table(['configuration', 'seed', ...COMPARE_METRICS.map((m) => m.label), 'steps', 'images', 'ms / step'], perSeed),
    '',
    `Re-run it: ${r.link}`,
    '',
  ].join('\n');
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Long format: one row per value (kind = seed, mean or verdict), with the budget and seeds on every row. */
export function compareCsv(r: CompareRecord): string {
  const header = ['kind', 'configuration', 'other', 'seed', 'metric', 'value', 'low', 'high', 'budget', 'seeds', 'text'];
  const budget = `${r.budget.kind}:${r.budget.value}`;
  const rows: (string | number)[][] = [];
  for (const c of r.summary.configs) {
    for (const s of c.perSeed) for (const m of COMPARE_METRICS) rows.push(['seed', c.label, '', s.seed, m.id, s.metrics[m.id], '', '', budget, r.summary.seeds, '']);
    for (const m of COMPARE_METRICS) {
      const i = c.metrics[m.id];
      rows.push(['mean', c.label, '', '', m.id, i.mean, num(i.low, 6), num(i.high, 6), budget, r.summary.seeds, '']);
    }
    rows.push(['mean', c.label, '', '', 'msPerStep', c.msPerStep.mean, num(c.msPerStep.low, 3), num(c.msPerStep.high, 3), budget, r.summary.seeds, '']);
  }
  for (const v of r.summary.verdicts) {
    const a = r.summary.configs[v.a]!.label;
    const b = r.summary.configs[v.b]!.label;
    rows.push(['verdict', a, b, '', v.metric, v.difference, num(v.difference - v.halfWidth, 6), num(v.difference + v.halfWidth, 6), budget, r.summary.seeds, v.text]);
  }
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

interface LinkPayload {
  entries: CompareEntry[];
  seeds: number;
  budget: CompareBudget;
  evalEvery: number;
}

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** `cmp=…` for the hash: the configurations, seeds, budget and evaluation interval, deflated. */
export function encodeCompareLink(p: LinkPayload): string {
  return `${COMPARE_KEY}=${toBase64Url(deflateSync(strToU8(JSON.stringify(p)), { level: 9 }))}`;
}

/** The comparison a hash names, or null (no `cmp=`, or one that does not decode: the reason in `error`). */
export function decodeCompareLink(hash: string): { payload: LinkPayload | null; error: string | null } {
  const text = new URLSearchParams(hash.replace(/^#/, '')).get(COMPARE_KEY);
  if (!text) return { payload: null, error: null };
  try {
    const p = JSON.parse(strFromU8(inflateSync(fromBase64Url(text)))) as LinkPayload;
    const valid =
      Array.isArray(p.entries) &&
      p.entries.length >= 2 &&
      p.entries.length <= 6 &&
      Number.isInteger(p.seeds) &&
      p.seeds >= 1 &&
      p.seeds <= 10 &&
      ['steps', 'time', 'images'].includes(p.budget?.kind) &&
      p.budget.value > 0;
    return valid ? { payload: p, error: null } : { payload: null, error: 'The comparison in the link is not complete; set it up by hand.' };
  } catch {
    return { payload: null, error: 'The comparison in the link could not be read (cut short when copied?); set it up by hand.' };
  }
}
