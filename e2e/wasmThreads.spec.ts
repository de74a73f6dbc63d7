import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './labPage';

/** The thread counts of train/wasmThreads.ts for this browser's cores: a light network's and a heavy one's. */
async function expectedThreads(page: Page): Promise<{ light: number; heavy: number }> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  return { light: Math.min(8, Math.max(1, cores - 1)), heavy: Math.min(8, cores, Math.max(2, cores - 1)) };
}

const threadsNow = (page: Page) => page.evaluate(() => window.__lab.backend()?.threads ?? null);
const flopsNow = (page: Page) => page.evaluate(() => window.__lab.run()?.flopsPerImage ?? 0);

/** Picks a network preset and waits until the worker has built it (its FLOPs change by two orders of magnitude). */
async function choosePreset(page: Page, preset: 'tiny' | 'standard'): Promise<void> {
  const before = await flopsNow(page);
  await page.locator('#preset').selectOption(preset);
  await expect
    .poll(
      async () => {
        const after = await flopsNow(page);
        return preset === 'standard' ? after > 50 * before : after > 0 && after < before / 50;
      },
      { timeout: 120_000 },
    )
    .toBe(true);
}

test.describe('wasm threads follow the network', () => {
  test('the standard network restarts the worker with more threads, keeping the subspaces; the tiny one goes back', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const lab = new LabPage(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await lab.open();
    const { light, heavy } = await expectedThreads(page);
    expect((await lab.backend())?.name).toBe('wasm');
    expect(await threadsNow(page)).toBe(light);
    await expect(page.getByTestId('backend-badge')).toContainText(`${light} thread`);
    await lab.waitForRun();

    // Subspaces from the tiny network, trained on with the subspace sampler.
    await lab.show('clustering');
    await page.getByTestId('cluster-run').click();
    await expect.poll(() => page.evaluate(() => window.__lab.clustering().status), { timeout: 120_000 }).toBe('done');
    await lab.show('train');
    await page.locator('#sampler').selectOption('subspace');
    await lab.step();

    await choosePreset(page, 'standard');
    expect(await threadsNow(page)).toBe(heavy);
    await lab.waitForRun();
    expect(await page.evaluate(() => window.__lab.training().step)).toBe(0);
    await expect(page.getByTestId('backend-badge')).toContainText(`${heavy} thread`);
    if (heavy !== light) await expect(page.getByTestId('training-banner')).toContainText(`restarted with ${heavy}`);
    await expect(page.locator('#preset')).toHaveValue('standard');
    await expect(page.locator('#sampler')).toHaveValue('subspace');
    // The new worker trains the standard network on the subspaces the old one had.
    await lab.step();
    expect(await page.evaluate(() => window.__lab.training().loss)).toBeGreaterThanOrEqual(0);

    await choosePreset(page, 'tiny');
    expect(await threadsNow(page)).toBe(light);
    await lab.waitForRun();
    await lab.step();
    expect(lab.consoleErrors).toEqual([]);
  });

  test('?threads=N holds whatever the network', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('?threads=1');
    expect(await threadsNow(page)).toBe(1);
    await lab.waitForRun();
    await choosePreset(page, 'standard');
    await lab.waitForRun();
    expect(await threadsNow(page)).toBe(1);
    await lab.step();
    expect(lab.consoleErrors).toEqual([]);
  });

  test('while training takes every core, the page holds its redraws back, and the charts still follow', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const lab = new LabPage(page);
    await lab.open('#net=standard');
    await lab.waitForRun();
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const everyCore = (await threadsNow(page)) === cores; // 2 threads on a 2-core machine; cores − 1 on more
    expect(await page.evaluate(() => window.__lab.drawShare())).toBe(1);
    await page.getByTestId('play').click();
    await page.waitForFunction(() => window.__lab.training().step >= 3, null, { timeout: 120_000 });
    expect(await page.evaluate(() => window.__lab.drawShare())).toBe(everyCore ? 0.03 : 1);
    await lab.pause();
    await expect.poll(() => page.evaluate(() => window.__lab.drawShare())).toBe(1);
    // Held back, not stopped: the loss chart reaches the last step once the run pauses.
    const last = await page.evaluate(() => window.__lab.training().step);
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const chart = document.querySelector('[data-testid="chart-loss"]') as unknown as {
              data?: { x: number[] }[];
            };
            return chart.data?.[0]?.x.at(-1) ?? null;
          }),
        { timeout: 30_000 },
      )
      .toBe(last);
    expect(lab.consoleErrors).toEqual([]);
  });
});
