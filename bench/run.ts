/**
 * `npm run bench`: runs every bench module in one process and prints one table of ratios.
 * Each module compares two things measured in the same run, so the ratios survive a noisy machine.
 * `npm run bench -- metric cluster` runs only the named areas; `npm run bench -- gpu` (never part of a plain run)
 * is the WebGPU script of docs/gpuBench.md.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { benchTable, type BenchModule, type BenchRow } from './row.ts';

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
  torch: () => import('./torchScale.ts'),
  census: () => import('./census.ts'),
};

/** Areas that run only when named: `gpu` needs a machine with a real GPU (or smoke-tests on SwiftShader). */
const ON_REQUEST: Record<string, () => Promise<BenchModule>> = {
  gpu: () => import('./gpu.ts'),
};

async function main(): Promise<void> {
  // `--name=value` arguments are for the areas (e.g. gpu's --peak-tflops); the rest name areas.
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((a) => !(a in AREAS) && !(a in ON_REQUEST));
  if (unknown.length > 0)
    throw new Error(
      `unknown bench area ${unknown.join(', ')}: choose from ${[...Object.keys(AREAS), ...Object.keys(ON_REQUEST)].join(', ')}`,
    );
  const rows: BenchRow[] = [];
  for (const [area, load] of [...Object.entries(AREAS), ...Object.entries(ON_REQUEST)]) {
    if (wanted.length > 0 ? !wanted.includes(area) : area in ON_REQUEST) continue;
    console.error(`bench: ${area} …`);
    const mod = await load();
    rows.push(...(await mod.run()));
  }
  const table = benchTable(rows);
  console.log(table);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/bench.md', `Measured ${new Date().toISOString()}\n\n${table}\n`);
}

void main();
