import { expect, test } from '@playwright/test';
import { LOSS_IDS } from '../src/metric/registry';
import { LabPage } from './labPage';

// Formulas are MathML rendered at build time (vite.config.ts): the page has no LaTeX renderer, and the math font it
// draws them in is served by the app itself.
test('every loss formula is MathML in the served math font', async ({ page }) => {
  const lab = new LabPage(page);
  const fonts: string[] = [];
  page.on('response', (response) => {
    if (/\.woff2$/.test(new URL(response.url()).pathname)) fonts.push(`${response.status()} ${response.url()}`);
  });
  await lab.open();
  const formula = page.locator('[data-panel="model"] .formula');
  for (const loss of LOSS_IDS) {
    await page.locator('#loss').selectOption(loss);
    // A formula missing from the build-time table would show as its LaTeX source in a <code>.
    await expect(formula.locator('math')).toBeVisible();
  }
  const drawnIn = await formula.locator('math').evaluate((m) => getComputedStyle(m).fontFamily);
  expect(drawnIn).toMatch(/^"Noto Sans Math"/);
  expect(await page.evaluate(() => document.fonts.load('20px "Noto Sans Math"', '∑'))).toHaveLength(1);
  expect(fonts).toEqual([expect.stringMatching(/^200 http:\/\/localhost:\d+\/assets\/noto-sans-math-[\w-]+\.woff2$/)]);
  expect(lab.consoleErrors).toEqual([]);
  expect(lab.foreignRequests).toEqual([]);
});
