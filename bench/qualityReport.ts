/**
 * The learning-quality rows from qualityJob's JSON lines (runs gathered from parallel processes):
 * `tsx bench/qualityReport.ts quality.jsonl "where it ran"`. A `preset:<id>` condition gets a row of its own.
 */
import { readFileSync } from 'node:fs';
import { CONDITIONS, rowsFrom, SETS, type Outcome, type SetOutcomes } from './learningQuality.ts';

type Line = Outcome & { set: number; condition: string; seed: number; seconds: number };

const [file, where = 'wasm in Node'] = process.argv.slice(2);
const lines = readFileSync(file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const seeds = [...new Set(lines.map((l) => l.seed))].sort((a, b) => a - b);
const seconds = lines[0]!.seconds;
const bySeed = (xs: Line[]) => [...xs].sort((a, b) => a.seed - b.seed);
const results = SETS.map((set, i) => {
  const outcomes = Object.fromEntries(CONDITIONS.map((c) => [c, bySeed(lines.filter((l) => l.set === i && l.condition === c))])) as unknown as SetOutcomes;
  return { set, outcomes };
}).filter((r) => r.outcomes.plain.length > 0);
const rows = rowsFrom(results, seconds, seeds, where);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const [i, set] of SETS.entries()) {
  const plain = lines.filter((l) => l.set === i && l.condition === 'plain');
  for (const condition of new Set(lines.filter((l) => l.set === i && l.condition.startsWith('preset:')).map((l) => l.condition))) {
    const runs = lines.filter((l) => l.set === i && l.condition === condition);
    rows.push({
      area: 'quality',
      case: `augmentation ${condition.slice(7)} vs none: held-out mAP@R, ${set.name}, ${seconds} s each, seeds ${seeds.join(',')}, ${where}`,
      ratio: mean(runs.map((r) => r.mapAtR)) / mean(plain.map((r) => r.mapAtR)),
      unit: '× (with / without)',
      note: `mAP@R per seed ${bySeed(runs).map((r) => r.mapAtR.toFixed(3)).join(', ')} vs ${bySeed(plain).map((r) => r.mapAtR.toFixed(3)).join(', ')}`,
    });
  }
}
for (const r of rows) console.log(`| ${r.area} | ${r.case} | ${r.ratio.toFixed(2)} | ${r.unit} | ${r.note ?? ''} |`);
