/**
 * The bench of the lent GPU machine (docs/deviceKit.md), bundled by scripts/deviceKit.ts into one file that runs with
 * the kit's node and Chromium where there is no npm, no network and no system browser: the lab and the bench pages
 * come from one production build served here (bench/staticSite.ts), not from Vite.
 *
 * Parts (DEVICE_PARTS, comma-separated; default both): `gpu`, the rows of `npm run bench -- gpu` (bench/gpu.ts; its
 * --gpu= / --peak-tflops= / --pairs= / --smoke options apply, but without a hardware adapter it says so in one row
 * instead of running the SwiftShader check, unless --smoke is given); `threads`, the CPU rows on wasm under SwiftShader
 * flags, so that no real GPU takes part: the raw loop at 1 thread against DEVICE_THREADS (default 2, 4, 8 and
 * cores − 1) for the standard network at 32², then the lab's own thread choice against `?threads=1`. Each row is
 * printed as soon as it exists and the table is rewritten after each part, so a run cut short keeps what it measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { labThreadRow, THREAD_NETS, threadRows } from './browserTraining.ts';
import { gpuRows } from './gpu.ts';
import { benchTable, type BenchRow } from './row.ts';
import { serveSite } from './staticSite.ts';

const SITE = process.env.DEVICE_SITE ?? 'dist';
const PORT = Number(process.env.BENCH_PORT ?? 5197);
const PARTS = new Set((process.env.DEVICE_PARTS ?? 'gpu,threads').split(','));
const TABLE = process.env.DEVICE_TABLE ?? 'bench/out/device.md';

async function threadPart(base: string): Promise<BenchRow[]> {
  const cores = availableParallelism();
  const counts =
    process.env.DEVICE_THREADS?.split(',').map(Number) ??
    [...new Set([2, 4, 8, cores - 1])].filter((n) => n >= 2 && n < cores);
  const standard = THREAD_NETS.find((n) => n.net === 'standard') ?? {
    net: 'standard',
    size: 32,
    batch: 32,
    steps: 5,
    pairs: 4,
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    return [...(await threadRows(browser, base, { nets: [standard], counts })), await labThreadRow(browser, base)];
  } finally {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
}

async function main(): Promise<void> {
  const server = await serveSite(SITE, PORT);
  const base = `http://localhost:${PORT}`;
  const rows: BenchRow[] = [];
  const record = (part: string, found: BenchRow[]) => {
    for (const row of found) console.error(`device row: ${benchTable([row]).split('\n')[2]!}`);
    rows.push(...found);
    mkdirSync(dirname(TABLE), { recursive: true });
    writeFileSync(TABLE, `Measured ${new Date().toISOString()} (after ${part})\n\n${benchTable(rows)}\n`);
  };
  const parts: [string, () => Promise<BenchRow[]>][] = [
    ['gpu', () => gpuRows(base, base, process.argv.includes('--smoke'))],
    ['threads', () => threadPart(base)],
  ];
  try {
    for (const [part, measure] of parts) {
      if (!PARTS.has(part)) continue;
      console.error(`device: ${part} …`);
      // One part failing (no adapter, a page error) still leaves the other's rows.
      record(
        part,
        await measure().catch((error: unknown) => [
          { area: part, case: `device part ${part}`, ratio: 0, unit: 'failed', note: String(error).split('\n')[0] },
        ]),
      );
    }
  } finally {
    server.close();
  }
  console.log(benchTable(rows));
}

void main();
