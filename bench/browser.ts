/**
 * Browser bench, in one Chromium run (Debian's, as the e2e suite): the metric core on webgpu against the naive B³
 * references; the browser import; and the training rows of bench/browserTraining.ts (the lab against a raw tfjs
 * loop in interleaved pairs, long tasks, time to an enabled Play button, wasm threads). On request only
 * (BENCH_BROWSER_PARTS=cluster1m): k-means of 10^6 × 128, k = 1,000, in the cluster worker against scikit-learn, with
 * memory (bench/browserCluster.ts; about 11 minutes on 2 cores, BENCH_CLUSTER_N=20000 for a quick run).
 */
import { chromium } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import type { BenchRow } from './row.ts';
import { labThreadRow, threadRows, trainingRows } from './browserTraining.ts';
import { clusterRows } from './browserCluster.ts';

/** BENCH_PORT moves both servers (e.g. when another bench or a dev server holds 5183). */
const PORT = Number(process.env.BENCH_PORT ?? 5183);
const PREVIEW_PORT = PORT + 1;
/**
 * Which parts run (BENCH_BROWSER_PARTS, comma-separated; default metric, import, training, threads); `cluster1m` runs
 * only when named; `labThreads` runs only the last row of `threads` (the lab's own thread choice).
 */
const PARTS = new Set((process.env.BENCH_BROWSER_PARTS ?? 'metric,import,training,threads').split(','));

export async function run(): Promise<BenchRow[]> {
  // Bench pages from the dev server; the lab itself from a production build, as users get it.
  // Build first: creating a dev server sets NODE_ENV=development for the process, which a later build would inherit.
  await build({ logLevel: 'error', mode: 'production' });
  const server = await createServer({ server: { port: PORT, strictPort: true }, logLevel: 'error' });
  await server.listen();
  const built = await preview({ preview: { port: PREVIEW_PORT, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`bench page error: ${String(error)}`));
    page.on('console', (msg) => msg.type() === 'error' && console.error(`bench page console: ${msg.text()}`));
    const base = `http://localhost:${PORT}`;

    const result = async (url: string): Promise<unknown> => {
      await page.goto(url);
      await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 120_000 });
      const value = (await page.evaluate(() => window.__bench)) as { error?: string };
      if (value.error) throw new Error(`bench page ${url}: ${value.error}`);
      return value;
    };
    if (PARTS.has('metric')) rows.push(...(await metricRows(result, base)));
    if (PARTS.has('import')) rows.push(await importRow(result, base));
    if (PARTS.has('training')) rows.push(...(await trainingRows(browser, `http://localhost:${PREVIEW_PORT}`, base)));
    if (PARTS.has('threads')) rows.push(...(await threadRows(browser, base)));
    // Part of `threads`; `labThreads` runs it alone.
    if (PARTS.has('threads') || PARTS.has('labThreads'))
      rows.push(await labThreadRow(browser, `http://localhost:${PREVIEW_PORT}`));
    if (PARTS.has('cluster1m')) rows.push(...(await clusterRows(browser, base)));
  } finally {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await server.close();
    await new Promise<void>((resolve) => built.httpServer.close(() => resolve()));
  }
  return rows;
}

type Result = (url: string) => Promise<unknown>;

async function metricRows(result: Result, base: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const metric = (await result(`${base}/bench/browser/index.html?task=metric&sizes=128,256`)) as {
    backend: string;
    rows: { b: number; census: number; naiveCensus: number; batchAll: number; naiveBatchAll: number }[];
  };
  for (const r of metric.rows) {
    rows.push({
      area: 'metric',
      case: `census vs naive B³, B=${r.b}, ${metric.backend} (Chromium, SwiftShader)`,
      ratio: r.naiveCensus / r.census,
      unit: '× faster',
      note: `lab ${r.census.toFixed(0)} ms`,
    });
    rows.push({
      area: 'metric',
      case: `batchAll vs naive B³, B=${r.b}, ${metric.backend} (Chromium, SwiftShader)`,
      ratio: r.naiveBatchAll / r.batchAll,
      unit: '× faster',
      note: `lab ${r.batchAll.toFixed(0)} ms`,
    });
  }

  return rows;
}

async function importRow(result: Result, base: string): Promise<BenchRow> {
  const imported = (await result(`${base}/bench/browser/index.html?task=import&images=2000`)) as {
    images: number;
    imagesPerSecond: number;
    ms: number;
    startMs: number;
    cores: number;
  };
  return {
    area: 'data',
    case: `browser import of 2,000 generated 250×250 JPEGs → 64² RGB, decode pool of ${imported.cores}`,
    ratio: imported.imagesPerSecond / 500,
    unit: '× the goal of 500 images/s',
    note: `${imported.imagesPerSecond.toFixed(0)} images/s (${imported.images} images in ${(imported.ms / 1000).toFixed(1)} s), into IndexedDB; the workers' start before it (dev server) ${(imported.startMs / 1000).toFixed(1)} s`,
  };
}
