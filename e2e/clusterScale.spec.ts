import { expect, test } from '@playwright/test';
import type { ScaleRun } from '../src/testHook/clusterScale';
import { LabPage } from './labPage';

test('100,000 identities × 128-d cluster in the worker while the page stays responsive', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => w.__longTasks.push({ start: e.startTime, duration: e.duration })),
    ).observe({ type: 'longtask', buffered: true });
  });
  const lab = new LabPage(page);
  await lab.open();
  // The page's own start-up (Plotly's load once Play is ready) is not the clustering's to answer for.
  await lab.waitForSettled();
  const run = (await page.evaluate(() =>
    (
      window as unknown as { __labFaults: { clusterBlobs(n: number, dim: number, k: number): Promise<ScaleRun> } }
    ).__labFaults.clusterBlobs(100_000, 128, 100),
  )) as ScaleRun;
  expect(run.iterations).toBeGreaterThan(0);
  expect(Number.isFinite(run.inertia)).toBe(true);
  const during = await page.evaluate(
    ({ start, end }) =>
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
        (t) => t.start >= start && t.start <= end,
      ),
    run,
  );
  console.log(
    `clustered 100,000 × 128 into 100 in ${(run.ms / 1000).toFixed(1)} s (${run.iterations} iterations); long tasks meanwhile: ${JSON.stringify(during)}`,
  );
  expect(during).toEqual([]);
});
