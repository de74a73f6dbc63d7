/**
 * `npm run bench`: runs every bench module in one process and prints one table of ratios.
 * Each module compares two things measured in the same run, so the ratios survive a noisy machine.
 * `npm run bench -- metric cluster` runs only the named areas.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import type { BenchModule, BenchRow } from './row.ts';

const AREAS: Record<string, () => Promise<BenchModule>> = {
  metric: () => import('./metric.ts'),
  cluster: () => import('./cluster.ts'),
  data: () => import('./data.ts'),
  train: () => import('./train.ts'),
  batchnorm: () => import('./batchNorm.ts'),
  quality: () => import('./learningQuality.ts'),
  browser: () => import('./browser.ts'),
  pretrained: () => import('./pretrained.ts'),
  faceAlign: () => import('./faceAlign.ts'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [area, load] of Object.entries(AREAS)) {
    if (wanted.length > 0 && !wanted.includes(area)) continue;
    console.error(`bench: ${area} …`);
    const mod = await load();
    rows.push(...(await mod.run()));
  }
  const header = `| area | case | ratio | unit | note |\n| --- | --- | ---: | --- | --- |`;
  const lines = rows.map((r) => `| ${r.area} | ${r.case} | ${r.ratio.toFixed(2)} | ${r.unit} | ${r.note ?? ''} |`);
  const table = [header, ...lines].join('\n');
  console.log(table);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/bench.md', `Measured ${new Date().toISOString()}\n\n${table}\n`);
}

void main();
