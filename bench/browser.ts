/**
 * Browser bench, in one Chromium run (Debian's, as the e2e suite): the metric core on webgpu against the naive B³
 * references; the lab's training loop (worker, stats, sampling) against a raw tfjs loop of the same model and batch
 * on the same backend (wasm here); and main-thread long tasks while the lab trains.
 */
import { chromium } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import type { BenchRow } from './row.ts';

const PORT = 5183;
const PREVIEW_PORT = 5184;
/** Steps the lab trains; ms/step is taken over the last 30, once every training image is rendered and cached. */
const LAB_STEPS = 130;

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

    const imported = (await result(`${base}/bench/browser/index.html?task=import&images=2000`)) as {
      images: number;
      imagesPerSecond: number;
      ms: number;
      cores: number;
    };
    rows.push({
      area: 'data',
      case: `browser import of 2,000 generated 250×250 JPEGs → 64² RGB, decode pool of ${imported.cores}`,
      ratio: imported.imagesPerSecond / 500,
      unit: '× the goal of 500 images/s',
      note: `${imported.imagesPerSecond.toFixed(0)} images/s (${imported.images} images in ${(imported.ms / 1000).toFixed(1)} s), into IndexedDB`,
    });

    const raw = (await result(`${base}/bench/browser/index.html?task=raw&steps=30`)) as {
      backend: string;
      msPerStep: number;
    };

    // The lab itself: record when each step lands and every long task on the main thread.
    await page.addInitScript(() => {
      const w = window as unknown as { __stepTimes: number[]; __longTasks: number[] };
      w.__stepTimes = [];
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
      let last = -1;
      setInterval(() => {
        const step = (window as unknown as { __lab?: { training(): { step: number } } }).__lab?.training().step ?? -1;
        if (step !== last) w.__stepTimes.push(performance.now());
        last = step;
      }, 5);
    });
    await page.goto(`http://localhost:${PREVIEW_PORT}/`);
    await page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 120_000 });
    await page.getByTestId('play').and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    const tasksBefore = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
    await page.getByTestId('play').click();
    await page.waitForFunction((n) => window.__lab.training().step >= n, LAB_STEPS, { timeout: 300_000 });
    const state = await page.evaluate(() => window.__lab.training());
    if (state.status === 'running') await page.getByTestId('pause').dispatchEvent('click');
    else console.error(`bench: training stopped on its own: ${JSON.stringify(state)}`);
    const lab = await page.evaluate(() => {
      const w = window as unknown as { __stepTimes: number[]; __longTasks: number[] };
      return { __stepTimes: w.__stepTimes, __longTasks: w.__longTasks };
    });
    const times = lab.__stepTimes.slice(-30);
    const labMs = (times[times.length - 1]! - times[0]!) / (times.length - 1);
    const longTasks = lab.__longTasks.slice(tasksBefore);
    rows.push({
      area: 'train',
      case: `lab ms/step vs raw tfjs loop, tiny model, B=32, 32×32×3, ${raw.backend}`,
      ratio: labMs / raw.msPerStep,
      unit: '× (goal ≤ 1.10)',
      note: `lab ${labMs.toFixed(0)} ms (worker, wall clock), raw ${raw.msPerStep.toFixed(0)} ms`,
    });
    rows.push({
      area: 'train',
      case: `main-thread long tasks while training ${LAB_STEPS} steps`,
      ratio: longTasks.length,
      unit: 'tasks > 50 ms (goal 0)',
      note: longTasks.length ? `longest ${Math.max(...longTasks).toFixed(0)} ms` : '',
    });
  } finally {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await server.close();
    await new Promise<void>((resolve) => built.httpServer.close(() => resolve()));
  }
  return rows;
}
