import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

test('a reload resumes the run at its last checkpoint, with its history', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  for (let i = 0; i < 4; i++) await lab.step();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => window.__lab.training().step >= 8);
  await lab.pause();
  // Pausing writes a checkpoint; the hook says which step is saved.
  await page.waitForFunction(
    () => window.__lab.training().status === 'paused' && window.__lab.savedStep() === window.__lab.training().step,
  );
  const before = await page.evaluate(() => ({ training: window.__lab.training(), history: window.__lab.history() }));

  await page.reload();
  await page.waitForFunction(() => window.__lab?.backend() !== null);
  await page.waitForFunction(
    (step) => window.__lab.training().step === step && window.__lab.training().status === 'paused',
    before.training.step,
  );
  const after = await page.evaluate(() => window.__lab.history());
  expect(after).toEqual(before.history);
  await expect(page.getByTestId('training-banner')).toContainText(`Resumed at step ${before.training.step}`);

  await lab.waitForRun();
  await page.getByTestId('step').click();
  await page.waitForFunction((s) => window.__lab.training().step === s + 1, before.training.step);
  expect(Number.isFinite((await page.evaluate(() => window.__lab.training())).loss)).toBe(true);
  expect(lab.consoleErrors).toEqual([]);
});
