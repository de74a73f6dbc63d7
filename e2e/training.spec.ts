import { expect, test } from '@playwright/test';
import { expectCensusMatches } from './censusOracle';
import { LabPage } from './labPage';

test.describe('training', () => {
  test('trains 30 steps on synthetic faces; the census matches an independent recompute; pause, step, reset', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await lab.trainAtLeast(30);
    const paused = await page.evaluate(() => window.__lab.training());
    expect(paused.loss).not.toBeNull();
    expect(Number.isFinite(paused.loss)).toBe(true);
    await expectCensusMatches(page);

    // Paused means paused: no step happens on its own. This fixed wait is the assertion itself, not a wait for
    // something: there is no event for "no step came", only a span of time without one. 500 ms is several steps of a
    // running loop here (about 0.1 s a step on wasm), so a loop that kept going would be caught.
    await page.waitForTimeout(500);
    expect((await page.evaluate(() => window.__lab.training())).step).toBe(paused.step);

    await page.getByTestId('step').click();
    await page.waitForFunction((s) => window.__lab.training().step === s + 1, paused.step);
    await expectCensusMatches(page);

    await page.getByTestId('reset').click();
    await page.waitForFunction(() => window.__lab.training().step === 0 && window.__lab.training().status === 'idle');
    expect(await page.evaluate(() => window.__lab.lastBatch())).toBeNull();
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  test('the same seed gives the same first losses after a reset', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    const losses = async () => {
      const out: number[] = [];
      for (let i = 1; i <= 3; i++) {
        await page.getByTestId('step').click();
        await page.waitForFunction((s) => window.__lab.training().step === s, i);
        out.push((await page.evaluate(() => window.__lab.training())).loss!);
      }
      return out;
    };
    const first = await losses();
    await page.getByTestId('reset').click();
    await page.waitForFunction(() => window.__lab.training().step === 0);
    expect(await losses()).toEqual(first);
  });

  for (const forced of ['webgpu', 'webgl'] as const) {
    test(`forced ${forced} trains a few steps with the census matching`, async ({ page }) => {
      const lab = new LabPage(page);
      await lab.open(`?backend=${forced}`);
      expect((await lab.backend())?.name).toBe(forced);
      await lab.waitForRun();
      for (let i = 0; i < 2; i++) await lab.step();
      const training = await page.evaluate(() => window.__lab.training());
      expect(Number.isFinite(training.loss)).toBe(true);
      await expectCensusMatches(page);
      expect(lab.consoleErrors).toEqual([]);
    });
  }
});
