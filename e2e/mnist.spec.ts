import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

test('MNIST ships with the app: trains on the published train digits, ten identities', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await lab.show('data');
  const row = page.getByTestId('data-mnist');
  await row.getByTestId('data-mnist-use').click();
  await expect(row).toContainText('Used for training', { timeout: 60_000 });
  await expect(page.getByTestId('data-builtin')).not.toContainText('Used for training');
  // The run restarts on MNIST: 10 digits train, the 10,000 test digits are held out for evaluation.
  await expect(page.locator('[data-panel="training"]')).toContainText('Training on 10 identities (60000 images)', {
    timeout: 120_000,
  });
  for (let i = 0; i < 2; i++) await lab.step();
  const batch = await page.evaluate(() => window.__lab.lastBatch());
  expect(batch!.labels).toHaveLength(32);
  expect(batch!.labels.every((y) => Number.isInteger(y) && y >= 0 && y <= 9)).toBe(true);
  expect(new Set(batch!.labels).size).toBe(8); // P = 8 digits × K = 4
  expect(Number.isFinite((await page.evaluate(() => window.__lab.training())).loss)).toBe(true);
  // The digits come from the app's own origin.
  expect(lab.foreignRequests).toEqual([]);

  // The link carries MNIST: opened afresh with another margin (so not the saved run resumed), it trains on the digits.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('data=mnist');
  await lab.open('#data=mnist&margin=0.3');
  await expect(page.locator('[data-panel="training"]')).toContainText('Training on 10 identities (60000 images)', {
    timeout: 120_000,
  });
  expect(lab.consoleErrors).toEqual([]);
});
