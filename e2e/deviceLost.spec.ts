import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

declare global {
  interface Window {
    __labFaults: { loseDevice(): Promise<unknown> };
  }
}

test('a lost WebGPU device falls back to WebGL from the last checkpoint', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=webgpu');
  expect((await lab.backend())?.name).toBe('webgpu');
  await lab.waitForRun();
  for (let i = 0; i < 2; i++) await lab.step();
  await page.getByTestId('play').click();
  await lab.pause();
  await page.waitForFunction(
    () => window.__lab.savedStep() !== null && window.__lab.savedStep() === window.__lab.training().step,
    null,
    { timeout: 120_000 },
  );
  const saved = await page.evaluate(() => window.__lab.savedStep());

  await page.evaluate(() => window.__labFaults.loseDevice());
  await page.waitForFunction(() => window.__lab.backend()?.name === 'webgl', null, { timeout: 120_000 });
  await page.waitForFunction((s) => window.__lab.training().step === s, saved, { timeout: 60_000 });
  await expect(page.getByTestId('training-banner')).toContainText('WebGPU device was lost');
  await expect(page.getByTestId('backend-badge')).toContainText('WebGL');
  await lab.waitForRun();
  await page.getByTestId('step').click();
  await page.waitForFunction((s) => window.__lab.training().step === s! + 1, saved, { timeout: 120_000 });
});
