/**
 * Opt-in (ARCHIVE_BENCH_MB=300 npx playwright test e2e/archiveBench.spec.ts): a generated face archive of that size,
 * as .tar.gz and as .zip, imported while the page's long tasks (PerformanceObserver 'longtask': every main-thread
 * task over 50 ms) and the browser's memory (proportional set size of the browser and all its child processes, from
 * /proc) are recorded. Issue 16 asks for no task over 50 ms and memory below 2× the archive's size; the numbers are
 * printed, and checked with expect.soft so one run reports both formats. The spec polls the page once a second at
 * most: its own evaluate calls are main-thread tasks too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { writeFaceArchive } from '../scripts/makeFaceArchive.mjs';
import { LabPage } from './labPage';

const MB = Number(process.env.ARCHIVE_BENCH_MB ?? 0);
const MARKER = `--triplet-lab-archive-bench=${process.pid}`;
test.skip(!MB, 'set ARCHIVE_BENCH_MB (e.g. 300) to run the large-archive check');
test.use({
  launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, MARKER] },
});
test.setTimeout(30 * 60_000);

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** PSS in bytes of the browser started with MARKER and every process below it. */
function browserPss(): number {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map<string, string>();
  let root: string | null = null;
  for (const pid of procs) {
    const stat = read(`/proc/${pid}/stat`);
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (ppid) parent.set(pid, ppid);
    const cmd = read(`/proc/${pid}/cmdline`);
    if (cmd.includes(MARKER) && !cmd.includes('--type=')) root = pid;
  }
  if (!root) throw new Error('the benchmark browser process was not found');
  const inTree = (pid: string): boolean => {
    for (let p: string | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++)
      if (p === root) return true;
    return false;
  };
  let kb = 0;
  for (const pid of procs)
    if (inTree(pid)) kb += Number(/^Pss:\s+(\d+)/m.exec(read(`/proc/${pid}/smaps_rollup`))?.[1] ?? 0);
  return kb * 1024;
}

for (const ext of ['tgz', 'zip'] as const) {
  test(`a ${MB} MB .${ext} imports with the page responsive and memory bounded`, async ({ page }) => {
    const path = `/tmp/triplet-lab-faces-${MB}mb.${ext}`;
    if (!existsSync(path)) await writeFaceArchive(path, MB);
    const size = readFileSync(path).length; // bytes on disk: the "stored size"
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration, e.startTime);
      }).observe({ type: 'longtask' });
    });
    const lab = new LabPage(page);
    await lab.open('#view=data');
    // The lab's own start-up ends first: once Play is ready the page loads Plotly, which compiles, evaluates and
    // warms up its charts (438, 837 and 175 ms tasks, traced); started at once, the import's reading phase counted
    // them.
    await lab.waitForSettled();
    const baseline = browserPss();
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    let peak = baseline;
    let peakRead = baseline;
    let readDone = 0;
    const timer = setInterval(() => {
      const now = browserPss();
      peak = Math.max(peak, now);
      if (!readDone) peakRead = Math.max(peakRead, now);
    }, 250);
    const t0 = Date.now();
    let pageRead = 0;
    const pageT0 = await page.evaluate(() => performance.now());
    try {
      await page.getByTestId('data-files-input').setInputFiles(path);
      await page.getByTestId('data-import').click();
      // Reading ends when the progress line stops saying so (or the import is over); then the decoding.
      const finished = () => window.__lab.datasets().some((d) => !d.importing && d.images > 0);
      await page.waitForFunction(
        () => {
          const text = document.querySelector('.data-progress-text')?.textContent;
          const over = window.__lab.datasets().some((d) => !d.importing && d.images > 0);
          return (text !== undefined && !text.startsWith('Reading')) || over;
        },
        null,
        { timeout: 20 * 60_000, polling: 1000 },
      );
      readDone = Date.now();
      pageRead = await page.evaluate(() => performance.now());
      await page.waitForFunction(finished, null, { timeout: 20 * 60_000, polling: 1000 });
    } finally {
      clearInterval(timer);
    }
    const done = Date.now();
    const flat = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const all = Array.from({ length: flat.length / 2 }, (_, i) => ({ ms: flat[2 * i]!, at: flat[2 * i + 1]! }));
    const tasks = all.filter((t) => t.at >= pageT0).map((t) => t.ms);
    const phase = (from: number, to: number) => {
      const ms = all.filter((t) => t.at >= from && t.at < to).map((t) => t.ms);
      return `${ms.length}${ms.length ? ` (longest ${Math.max(...ms).toFixed(0)} ms)` : ''}`;
    };
    const record = (await page.evaluate(() => window.__lab.datasets()))[0]!;
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    console.log(
      `[archive bench] .${ext} ${mib(size)} MiB, ${record.images} images of ${record.identities} identities: ` +
        `read ${((readDone - t0) / 1000).toFixed(1)} s, whole import ${((done - t0) / 1000).toFixed(1)} s; ` +
        `main-thread tasks over 50 ms: ${phase(pageT0, pageRead)} while reading, ${phase(pageRead, Infinity)} while decoding and after; ` +
        `browser PSS ${mib(baseline)} → peak ${mib(peakRead)} MiB while reading (+${((peakRead - baseline) / size).toFixed(2)}× the archive), ` +
        `${mib(peak)} MiB in all (+${mib(peak - baseline)} MiB = ${((peak - baseline) / size).toFixed(2)}×)`,
    );
    expect.soft(tasks, 'main-thread tasks over 50 ms').toEqual([]);
    expect.soft(peak - baseline, 'memory growth').toBeLessThan(2 * size);
    expect(record.images).toBeGreaterThan(0);
  });
}
