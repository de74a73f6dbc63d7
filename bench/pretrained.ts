/**
 * Pretrained backbone bench (issue #8), in one Chromium run of the production build: ms/step of the ResNet-34 frozen
 * (head on cached descriptors, and the first pass that computes them) against fine-tuned, on the backend the lab
 * picks (wasm here) and on forced webgpu (SwiftShader here: a CPU emulation, so smaller batches and fewer steps).
 * Also LuNet from scratch on the picked backend, for scale. Steps are timed on the page's wall clock.
 */
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import type { BenchRow } from './row.ts';

const PORT = 5185;

interface Case {
  backend: 'picked' | 'webgpu';
  /** Synthetic identities (4 images each, 80 % of identities train). */
  identities: number;
  P: number;
  K: number;
  /** Untimed steps first (weights, shader compilation, and for frozen: every training image's descriptor). */
  warmup: number;
  steps: number;
}

/**
 * ms/step while playing: the page records when each step lands (polled every 5 ms), so Playwright's round trips stay
 * out of the timing. `warm` is the mean over steps 2..warmup, `timed` over the `steps` after them.
 */
async function timeSteps(page: Page, warmup: number, steps: number): Promise<{ warm: number; timed: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __stepTimes: number[] };
    w.__stepTimes = [];
    let last = window.__lab.training().step;
    setInterval(() => {
      const step = window.__lab.training().step;
      if (step !== last) w.__stepTimes.push(performance.now());
      last = step;
    }, 5);
  });
  await page.getByTestId('play').click();
  await page.waitForFunction((n) => window.__lab.training().step >= n, warmup + steps, { timeout: 900_000, polling: 200 });
  await page.getByTestId('pause').dispatchEvent('click');
  const t = await page.evaluate(() => (window as unknown as { __stepTimes: number[] }).__stepTimes);
  const at = (i: number) => t[i] as number;
  return { warm: warmup > 1 ? (at(warmup - 1) - at(0)) / (warmup - 1) : NaN, timed: (at(warmup + steps - 1) - at(warmup - 1)) / steps };
}

export async function run(): Promise<BenchRow[]> {
  await build({ logLevel: 'error', mode: 'production' });
  const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const rows: BenchRow[] = [];
  const cases: Case[] = [
    // 40 identities × 4 images: 128 training images, all cached after 16 frozen steps at B = 8 (an epoch).
    { backend: 'picked', identities: 40, P: 4, K: 2, warmup: 17, steps: 20 },
    // 10 identities: 32 training images, cached after 8 steps at B = 4.
    { backend: 'webgpu', identities: 10, P: 2, K: 2, warmup: 9, steps: 2 },
  ];
  try {
    for (const c of cases) {
      const ms: Record<string, { warm: number; timed: number }> = {};
      let backendName = c.backend as string;
      for (const backbone of ['resnet34Frozen', 'resnet34FineTuned', 'lunet'] as const) {
        if (c.backend === 'webgpu' && backbone === 'lunet') continue;
        const page = await browser.newPage();
        page.on('pageerror', (error) => console.error(`bench page error: ${String(error)}`));
        const query = c.backend === 'picked' ? '' : `?backend=${c.backend}`;
        await page.goto(`http://localhost:${PORT}/${query}#backbone=${backbone}&ids=${c.identities}&ipi=4&P=${c.P}&K=${c.K}`);
        await page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 120_000 });
        await page.getByTestId('play').and(page.locator(':enabled')).waitFor({ timeout: 300_000 });
        backendName = (await page.evaluate(() => window.__lab.backend()?.name)) ?? backendName;
        // Fine-tuning needs no descriptor pass: two warm-up steps (weights, kernels) are enough.
        const warmup = backbone === 'resnet34Frozen' ? c.warmup : 2;
        const steps = backbone === 'resnet34FineTuned' ? Math.min(c.steps, c.backend === 'webgpu' ? 1 : 5) : c.steps;
        ms[backbone] = await timeSteps(page, warmup, steps);
        console.error(`bench pretrained: ${backendName} ${backbone} B=${c.P * c.K}: ${JSON.stringify(ms[backbone])}`);
        await page.close();
      }
      const B = c.P * c.K;
      const frozen = ms['resnet34Frozen']!;
      const tuned = ms['resnet34FineTuned']!;
      rows.push({
        area: 'pretrained',
        case: `ResNet-34 fine-tuned vs frozen (cached descriptors), ms/step, B=${B}, ${backendName}`,
        ratio: tuned.timed / frozen.timed,
        unit: '× slower fine-tuned',
        note: `fine-tuned ${tuned.timed.toFixed(0)} ms, frozen ${frozen.timed.toFixed(0)} ms (playing, page wall clock)`,
      });
      rows.push({
        area: 'pretrained',
        case: `ResNet-34 fine-tuned vs frozen before its descriptors are cached, B=${B}, ${backendName}`,
        ratio: tuned.timed / frozen.warm,
        unit: '× slower fine-tuned',
        note: `frozen first pass ${frozen.warm.toFixed(0)} ms/step (a 150×150 forward per new image)`,
      });
      const lunet = ms['lunet'];
      if (lunet)
        rows.push({
          area: 'pretrained',
          case: `ResNet-34 fine-tuned vs LuNet tiny from scratch, B=${B}, ${backendName}`,
          ratio: tuned.timed / lunet.timed,
          unit: '× slower fine-tuned',
          note: `LuNet ${lunet.timed.toFixed(0)} ms/step`,
        });
    }
  } finally {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  return rows;
}
