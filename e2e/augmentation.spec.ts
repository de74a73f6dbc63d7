import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './labPage';

/** The canvases' pixels as data URLs, to tell draws apart. */
const canvasImages = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((canvases) => (canvases as HTMLCanvasElement[]).map((c) => c.toDataURL()));

test.describe('augmentation and learning-rate schedules', () => {
  test('a link sets them; the preview shows 8 draws; steps train on augmented views the inspector shows, at the scheduled rate', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open('#acrop=0.6&aflip=1&arot=10&abright=0.1&lrs=cosine&lrt0=0&lrt1=4&warmup=2');
    await lab.waitForRun();
    await expect(page.locator('#augmentation-preset')).toHaveValue('custom');
    await expect(page.locator('#augmentation-cropScale')).toHaveValue('0.6');
    await expect(page.locator('#lr-schedule')).toHaveValue('cosine');

    const preview = '[data-testid="augmentation-preview"] canvas';
    await expect(page.locator(preview)).toHaveCount(8);
    const draws = await canvasImages(page, preview);
    expect(new Set(draws).size).toBeGreaterThan(4);
    // New draws: other views of the same image.
    await page.getByRole('button', { name: 'New draws' }).click();
    await expect.poll(async () => (await canvasImages(page, preview))[0]).not.toBe(draws[0]);

    for (let i = 0; i < 3; i++) await lab.step();
    // Warm-up over 2 steps into a cosine from 0 to 4 (hand-computed): ε0·½·1, ε0·1·½(1 + cos π/4), ε0·½(1 + cos π/2).
    const rates = (await page.evaluate(() => window.__lab.history())).map((r) => r.learningRate);
    const expected = [0.5e-3, 0.5e-3 * (1 + Math.cos(Math.PI / 4)), 0.5e-3];
    rates.forEach((r, i) => expect(r).toBeCloseTo(expected[i]!, 9));

    await page.locator('#inspector').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('inspector-augmented')).toBeVisible();
    await expect(page.locator('#inspector canvas[aria-label$="as trained (augmented)"]').first()).toBeVisible();

    // A preset is one choice, and it reaches the link.
    await page.locator('#augmentation-preset').selectOption('standard');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/acrop=0\.7/);
    expect(lab.consoleErrors).toEqual([]);
  });
});
