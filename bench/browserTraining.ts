/**
 * The training rows of the browser bench: the lab (production build, training in its worker) against a raw tfjs
 * loop of the same model, batch and loss on the same backend, interleaved in pairs (bench/pairs.ts); main-thread
 * long tasks per side; time from navigation to an enabled Play button; and the raw loop's ms/step at 1, 2, … wasm
 * threads. bench/gpu.ts reuses the lab and raw drivers on WebGPU.
 */
import type { Browser, Page } from 'playwright-core';
import { interleave, spread, type Segment } from './pairs.ts';
import type { BenchRow } from './row.ts';

/** One side of a pair: trains `n` steps when asked. */
export interface Trainer {
  page: Page;
  segment(n: number): Promise<Segment>;
  /** What the page reports about itself (backend, threads). */
  info: Record<string, unknown>;
}

type Recorder = { __stepTimes: number[]; __longTasks: number[] };

function watchErrors(page: Page, name: string): void {
  page.on('pageerror', (error) => console.error(`bench ${name} page error: ${String(error)}`));
  page.on('console', (msg) => msg.type() === 'error' && console.error(`bench ${name} console: ${msg.text()}`));
}

/**
 * The lab at `url`, warmed up by `warmup` steps (every training image rendered and cached). A segment presses Play,
 * waits for n + 1 steps to land, pauses, and takes ms/step over the last n (the first includes Play's latency),
 * from step times the page records itself every 5 ms, so Playwright's round trips stay out of the timing.
 */
export async function openLab(browser: Browser, url: string, warmup: number): Promise<Trainer> {
  const page = await browser.newPage();
  watchErrors(page, 'lab');
  await page.addInitScript(() => {
    const w = window as unknown as Recorder;
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
  await page.goto(url, { timeout: 300_000 });
  await page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 300_000 });
  const play = page.getByTestId('play').and(page.locator(':enabled'));
  await play.waitFor({ timeout: 300_000 });
  const segment = async (n: number): Promise<Segment> => {
    const [step0, times0, tasks0] = await page.evaluate(() => {
      const w = window as unknown as Recorder;
      return [window.__lab.training().step, w.__stepTimes.length, w.__longTasks.length] as const;
    });
    await play.click();
    await page.waitForFunction((target) => window.__lab.training().step >= target, step0 + n + 1, {
      timeout: 900_000,
      polling: 20,
    });
    const state = await page.evaluate(() => window.__lab.training());
    if (state.status !== 'running') throw new Error(`the lab stopped on its own: ${JSON.stringify(state)}`);
    await page.getByTestId('pause').dispatchEvent('click');
    await page.waitForFunction(() => window.__lab.training().status !== 'running', null, { timeout: 300_000 });
    await play.waitFor({ timeout: 300_000 });
    const { times, tasks } = await page.evaluate(
      ([t0, k0]) => {
        const w = window as unknown as Recorder;
        return { times: w.__stepTimes.slice(t0), tasks: w.__longTasks.slice(k0) };
      },
      [times0, tasks0] as const,
    );
    // times[0] is the first step after Play; the next n steps give n intervals.
    const last = Math.min(times.length - 1, n);
    return { msPerStep: (times[last]! - times[0]!) / last, longTasks: tasks };
  };
  if (warmup > 0) await segment(warmup);
  const info = (await page.evaluate(() => window.__lab.backend())) as unknown as Record<string, unknown>;
  return { page, segment, info };
}

/** The raw loop of bench/browser/main.ts (task=raw) at `url`; one segment = n steps, mean ms/step. */
export async function openRaw(browser: Browser, url: string): Promise<Trainer> {
  const page = await browser.newPage();
  watchErrors(page, 'raw');
  await page.goto(url, { timeout: 300_000 });
  await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 300_000 });
  const info = (await page.evaluate(() => window.__bench)) as Record<string, unknown> & { error?: string };
  if (info.error) throw new Error(`raw loop ${url}: ${info.error}`);
  const segment = async (n: number): Promise<Segment> => {
    const r = await page.evaluate(
      (k) =>
        (window as unknown as { __rawSteps(n: number): Promise<{ ms: number[]; longTasks: number[] }> }).__rawSteps(k),
      n,
    );
    return { msPerStep: r.ms.reduce((a, b) => a + b, 0) / r.ms.length, longTasks: r.longTasks };
  };
  return { page, segment, info };
}

/**
 * Time from navigation to an enabled Play button, in a fresh browser context each run (empty cache and IndexedDB,
 * as a first visit): the page notes performance.now() (0 = navigation start) when the button first is enabled.
 */
export async function timeToPlay(browser: Browser, url: string, runs: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // No named inner function here: tsx would wrap it in a __name() helper that the page does not have.
    await page.addInitScript(() => {
      const w = window as unknown as { __playAt?: number };
      new MutationObserver(() => {
        if (w.__playAt === undefined && document.querySelector('[data-testid="play"]:enabled'))
          w.__playAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(url, { timeout: 300_000 });
    await page.waitForFunction(() => (window as unknown as { __playAt?: number }).__playAt !== undefined, null, {
      timeout: 300_000,
      polling: 50,
    });
    ms.push(await page.evaluate(() => (window as unknown as { __playAt: number }).__playAt));
    await context.close();
  }
  return ms;
}

/** Steps per segment and pairs per comparison; BENCH_STEPS, BENCH_PAIRS, BENCH_LAB_WARMUP shrink them for a quick check. */
const STEPS = Number(process.env.BENCH_STEPS ?? 15);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8);
/** Lab steps before timing: every training image of the default set rendered and cached. */
const LAB_WARMUP = Number(process.env.BENCH_LAB_WARMUP ?? 100);
/** The 1.8 s measured on a production build before the page-bundle work of issue 14. */
const PLAY_BEFORE_MS = 1800;

export async function trainingRows(browser: Browser, labBase: string, benchBase: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const play = (await timeToPlay(browser, `${labBase}/`, 3)).sort((a, b) => a - b);
  rows.push({
    area: 'train',
    case: 'time from navigation to an enabled Play button, production build (fresh context, median of 3)',
    ratio: play[1]! / PLAY_BEFORE_MS,
    unit: '× the 1.8 s before the page-bundle work',
    note: `${play.map((m) => (m / 1000).toFixed(2)).join(', ')} s`,
  });

  const lab = await openLab(browser, `${labBase}/`, LAB_WARMUP);
  const raw = await openRaw(browser, `${benchBase}/bench/browser/index.html?task=raw`);
  const log = (line: string) => console.error(`bench lab/raw ${line}`);
  const s = await interleave(
    () => lab.segment(STEPS),
    () => raw.segment(STEPS),
    PAIRS,
    log,
  );
  const label = String(lab.info['label'] ?? lab.info['name']);
  rows.push({
    area: 'train',
    case: `lab ms/step vs raw tfjs loop, tiny model, B=32, 32×32×3, ${label}, interleaved pairs of ${STEPS} steps`,
    ratio: s.median,
    unit: '× (median of pair ratios; goal ≤ 1.05)',
    note: `${spread(s)}; lab ${s.aMs.toFixed(1)} ms (worker, wall clock), raw ${s.bMs.toFixed(1)} ms (raw at ${String(raw.info['threads'])} threads)`,
  });
  rows.push({
    area: 'train',
    case: `main-thread long tasks while the lab trains (${PAIRS} segments of ${STEPS} steps, Play and Pause included)`,
    ratio: s.aLongTasks.length,
    unit: 'tasks > 50 ms (goal 0)',
    note:
      (s.aLongTasks.length ? `longest ${Math.max(...s.aLongTasks).toFixed(0)} ms; ` : '') +
      `the raw loop, on its page's main thread by design, had ${s.bLongTasks.length}`,
  });
  await Promise.all([lab.page.close(), raw.page.close()]);
  return rows;
}

/**
 * The steps timed at 1 thread against 2, 3, …: the lab's CPU default, the same network on 4× the pixels and twice
 * the batch, and the standard network at the lab's 32² (about a second a step on wasm: fewer, shorter pairs).
 * BENCH_THREAD_NETS=net:size:batch,… replaces them (e.g. standard:64:32).
 */
type ThreadNet = { net: string; size: number; batch: number; steps: number; pairs: number };
export const THREAD_NETS: readonly ThreadNet[] = process.env.BENCH_THREAD_NETS
  ? process.env.BENCH_THREAD_NETS.split(',').map((spec) => {
      const [net = 'tiny', size = '32', batch = '32'] = spec.split(':');
      return { net, size: Number(size), batch: Number(batch), steps: STEPS, pairs: PAIRS };
    })
  : [
      { net: 'tiny', size: 32, batch: 32, steps: STEPS, pairs: PAIRS },
      { net: 'tiny', size: 64, batch: 64, steps: STEPS, pairs: PAIRS },
      { net: 'standard', size: 32, batch: 32, steps: Math.min(STEPS, 5), pairs: Math.min(PAIRS, 4) },
    ];

/**
 * The raw loop in a dedicated worker (as the lab trains) at 1 thread against 2, 3, … (up to the cores, at most 8),
 * then against 2, 3, … data-parallel workers of 1 thread each, each interleaved in pairs, for each of THREAD_NETS.
 * `only` (a many-core machine, where all of that would take too long: bench/device.ts): these networks at these
 * thread counts against 1 thread, and no other row.
 */
export async function threadRows(
  browser: Browser,
  benchBase: string,
  only?: { nets: readonly ThreadNet[]; counts: readonly number[] },
): Promise<BenchRow[]> {
  try {
    return await threadRowsOf(browser, benchBase, only);
  } catch (error) {
    return [
      {
        area: 'train',
        case: 'wasm threads vs 1 thread',
        ratio: 0,
        unit: 'skipped',
        note: String(error).split('\n')[0],
      },
    ];
  }
}

async function threadRowsOf(
  browser: Browser,
  benchBase: string,
  only?: { nets: readonly ThreadNet[]; counts: readonly number[] },
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { net, size, batch, steps, pairs } of only?.nets ?? THREAD_NETS) {
    const url = (threads: number) =>
      `${benchBase}/bench/browser/index.html?task=raw&worker=1&net=${net}&size=${size}&batch=${batch}&threads=${threads}`;
    const one = await openRaw(browser, url(1));
    const machineCores = Number(one.info['cores'] ?? 1);
    const cores = Math.min(8, machineCores);
    /**
     * One row from interleaved pairs of `query` and the loop at 1 thread: how many times faster the second of them is
     * (`faster`: which one that is).
     */
    const against = async (query: string, label: string, what: string, oneLabel: string, faster: 'query' | 'one') => {
      const other = await openRaw(browser, query);
      const log = (line: string) => console.error(`bench ${label} ${net} ${size}² B=${batch} ${line}`);
      const [slow, fast] = faster === 'query' ? [one, other] : [other, one];
      const s = await interleave(
        () => slow.segment(steps),
        () => fast.segment(steps),
        pairs,
        log,
      );
      const [slowLabel, fastLabel] = faster === 'query' ? [oneLabel, label] : [label, oneLabel];
      rows.push({
        area: 'train',
        case: `raw tfjs loop ${what}, ${net} model, B=${batch}, ${size}×${size}×3, ${machineCores} cores`,
        ratio: s.median,
        unit: `× faster (median of pair ratios${faster === 'query' ? '; goal ≥ 1.3 on 2 cores, ≥ 3 on 8+' : ''})`,
        note: `${spread(s)}; ${slowLabel} ${s.aMs.toFixed(1)} ms, ${fastLabel} ${s.bMs.toFixed(1)} ms`,
      });
      await other.page.close();
    };
    if (!only) {
      // What the reductions' gradients without a JavaScript array of ones (src/train/reductionGradients.ts) save.
      const stock = `${url(1)}&stock=reductions`;
      await against(
        stock,
        "tfjs's reduction gradients",
        "on wasm, 1 thread, the lab's reduction gradients vs tfjs's",
        "the lab's",
        'one',
      );
    }
    const counts = only?.counts ?? Array.from({ length: Math.max(2, cores) - 1 }, (_, i) => i + 2);
    for (const threads of counts)
      await against(
        url(threads),
        `${threads} threads`,
        `in a worker on wasm, ${threads} threads vs 1`,
        '1 thread',
        'query',
      );
    // The same step data-parallel (src/train/dataParallel.ts): `world` workers of 1 thread, each on its slice; a
    // step ends when its slowest worker does.
    for (let world = 2; !only && world <= Math.max(2, cores); world++) {
      if (batch % world !== 0) continue;
      const what = `data-parallel on wasm, ${world} workers × 1 thread vs 1 worker`;
      await against(`${url(1)}&world=${world}`, `${world} workers`, what, '1 worker', 'query');
    }
    await one.page.close();
  }
  return rows;
}

/**
 * The lab itself on the standard network at its default 32² (a step heavy enough that the lab starts every core's
 * thread, train/wasmThreads.ts) against the same lab held to 1 thread by `?threads=1`, interleaved: what the thread
 * choice gives a user, the page, its charts and the compositor included. Seconds per step: few, short segments.
 */
export async function labThreadRow(browser: Browser, labBase: string): Promise<BenchRow> {
  const [steps, pairs, warmup] = [Math.min(STEPS, 5), Math.min(PAIRS, 4), Math.min(LAB_WARMUP, 10)];
  const one = await openLab(browser, `${labBase}/?threads=1#net=standard`, warmup);
  const own = await openLab(browser, `${labBase}/#net=standard`, warmup);
  const threads = Number(own.info['threads'] ?? 1);
  const s = await interleave(
    () => one.segment(steps),
    () => own.segment(steps),
    pairs,
    (line) => console.error(`bench lab threads ${line}`),
  );
  await Promise.all([one.page.close(), own.page.close()]);
  return {
    area: 'train',
    case: `lab ms/step, standard network, B=32, 32×32×3 (wasm): its own thread choice (${threads}) vs ?threads=1`,
    ratio: s.median,
    unit: '× faster (median of pair ratios; goal ≥ 1.3 on 2 cores)',
    note: `${spread(s)}; 1 thread ${s.aMs.toFixed(0)} ms, ${threads} threads ${s.bMs.toFixed(0)} ms; main-thread tasks > 50 ms: ${s.aLongTasks.length} / ${s.bLongTasks.length}`,
  };
}
