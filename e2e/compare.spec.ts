import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

test('compares two configurations for 20 steps: both curves and both table rows', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await lab.show('compare');
  const panel = page.locator('[data-panel="compare"]');
  await panel.getByRole('button', { name: /FaceNet semi-hard vs batch hard/ }).click();
  // Keep two of the three: semi-hard and batch hard.
  await panel.getByRole('button', { name: 'remove configuration 3' }).click();
  await panel.getByTestId('compare-steps').fill('20');
  await panel.getByTestId('compare-start').click();
  await page.waitForFunction(() => window.__lab.compare().status === 'done', null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__lab.compare());
  expect(result.runs.map((r) => r.loss)).toEqual(['semiHard', 'batchHard']);
  for (const run of result.runs) {
    expect(run.steps).toBe(20);
    expect(Number.isFinite(run.lastLoss)).toBe(true);
    expect(run.recallAt1).toBeGreaterThanOrEqual(0);
    expect(run.recallAt1).toBeLessThanOrEqual(1);
  }
  await expect(panel.getByTestId('compare-table').locator('tbody tr')).toHaveCount(2);
  // Plotly draws one trace per run in each overlay.
  await expect(panel.getByTestId('compare-loss').locator('.scatterlayer .trace')).toHaveCount(2);
  await expect(panel.getByTestId('compare-recallAt1').locator('.scatterlayer .trace')).toHaveCount(2);
  expect(lab.consoleErrors).toEqual([]);
});
