import { expect, test } from '@playwright/test';
import { oracleCensus } from './censusOracle';
import { LabPage } from './labPage';

/** Euclidean distance by differences (not the lab's dot-product form): an independent float64 recompute. */
const direct = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));

test('Explain a step pauses the run and walks its six stages with the numbers of that step', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await page.getByTestId('play').click();
  await page.waitForFunction(() => window.__lab.training().step >= 3);
  await page.getByTestId('explain-step').click();
  const dialog = page.getByTestId('step-through');
  await expect(dialog).toBeVisible();
  const { step, status, loss } = await page.evaluate(() => window.__lab.training());
  expect(status).toBe('paused');
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^Step ${step}, stage 1 of 6: The batch`));
  const batch = (await page.evaluate(() => window.__lab.lastBatch()))!;
  expect(batch.distance).toBe('euclidean');
  const B = batch.labels.length;

  // 1. The batch: every image, one row per identity.
  await expect(dialog.locator('.st-batch-image')).toHaveCount(B);
  await expect(dialog.locator('.st-batch-row')).toHaveCount(new Set(batch.labels).size);

  // 2. Distances: the anchor's row equals a float64 recompute from lastBatch(); a click on another image moves it.
  await dialog.getByTestId('st-next').click();
  await expect(dialog).toHaveAttribute('data-stage', 'distances');
  const readRow = () =>
    dialog.getByTestId('st-distance').evaluateAll((els) => els.map((el) => ({ j: Number(el.getAttribute('data-j')), d: Number(el.getAttribute('data-d')), text: el.textContent })));
  const anchorOf = async () => Number((await dialog.locator('h4').first().textContent())!.match(/anchor (\d+)/)![1]);
  const check = async () => {
    const anchor = await anchorOf();
    const row = await readRow();
    expect(row).toHaveLength(B - 1);
    for (const { j, d, text } of row) {
      const want = direct(batch.embeddings[anchor]!, batch.embeddings[j]!);
      expect(Math.abs(d - want)).toBeLessThan(1e-6);
      expect(text).toContain(want.toFixed(3));
    }
    return anchor;
  };
  const first = await check();
  await dialog.getByTestId('st-back').click();
  const other = (first + 1) % B;
  await dialog.locator('.st-batch-image').nth(0).waitFor();
  await dialog.getByRole('button', { name: new RegExp(`^image ${other},`) }).click();
  await page.keyboard.press('ArrowRight'); // keyboard moves between stages too
  await expect(dialog).toHaveAttribute('data-stage', 'distances');
  expect(await check()).toBe(other);

  // 3. Census of the whole batch: the lab's numbers, and an independent float64 census agrees.
  await dialog.getByTestId('st-next').click();
  const count = async (id: string) => Number((await dialog.getByTestId(id).textContent())!.split(' ')[0]);
  expect(await count('st-census-hard')).toBe(batch.population.hard);
  expect(await count('st-census-semiHard')).toBe(batch.population.semiHard);
  expect(await count('st-census-easy')).toBe(batch.population.easy);
  const oracle = oracleCensus(batch.embeddings, batch.labels, batch.margin, batch.distance);
  expect(oracle.census.total).toBe(batch.population.total);
  expect(Math.abs(oracle.census.hard - batch.population.hard)).toBeLessThanOrEqual(oracle.ambiguous);

  // 4. The miner's selection.
  await dialog.getByTestId('st-next').click();
  expect(await count('st-selected-hard')).toBe(batch.selection.hard);
  expect(await count('st-selected-semiHard')).toBe(batch.selection.semiHard);

  // 5. Loss and gradient: the step's loss.
  await dialog.getByTestId('st-next').click();
  expect(Number(await dialog.getByTestId('st-loss').textContent())).toBeCloseTo(loss!, 4);
  expect(Number(await dialog.getByTestId('st-grad-norm').textContent())).toBeGreaterThan(0);

  // 6. The update, and the same batch before and after it.
  await dialog.getByTestId('st-next').click();
  await expect(dialog.getByTestId('st-next')).toBeDisabled();
  expect(Number(await dialog.getByTestId('st-update-norm').textContent())).toBeGreaterThan(0);
  const total = async (col: number) =>
    ['hard', 'semiHard', 'easy']
      .map(async (k) => Number(await dialog.locator(`[data-testid="st-before-after"] tr[data-key="${k}"] td`).nth(col).textContent()))
      .reduce(async (s, x) => (await s) + (await x), Promise.resolve(0));
  expect(await total(0)).toBe(batch.population.total);
  expect(await total(1)).toBe(batch.population.total);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await page.evaluate(() => window.__lab.training())).step).toBe(step);
  expect(lab.consoleErrors).toEqual([]);
});

test('Reset keeps the run for one undo: its steps, history and last batch come back, and it goes on exactly', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  const loss = () => page.evaluate(() => window.__lab.training().loss!);
  for (let i = 0; i < 3; i++) await lab.step();
  const history = await page.evaluate(() => window.__lab.history());
  const batch = await page.evaluate(() => window.__lab.lastBatch());
  await page.getByTestId('reset').click();
  await page.waitForFunction(() => window.__lab.training().step === 0 && window.__lab.history().length === 0);
  await lab.step(); // the new run's first step (the same seed: the same loss), dropped by the undo
  expect(await loss()).toBe(history[0]!.loss);
  const undo = page.getByTestId('undo-reset');
  await expect(undo).toHaveText(/back to step 3/);
  await undo.click();
  await page.waitForFunction(() => window.__lab.training().step === 3);
  await expect(undo).toBeHidden();
  expect(await page.evaluate(() => window.__lab.history())).toEqual(history);
  expect(await page.evaluate(() => window.__lab.lastBatch())).toEqual(batch);
  // Its checkpoint is back too (the reset had deleted it): a reload would resume at step 3.
  await page.waitForFunction(() => window.__lab.savedStep() === 3);

  // Weights, optimizer moments and sampler came back whole: step 4 equals an uninterrupted run's step 4.
  expect(await lab.step()).toBe(4);
  const restored = await loss();
  await page.keyboard.press('r');
  await page.waitForFunction(() => window.__lab.training().step === 0);
  for (let i = 0; i < 4; i++) await lab.step();
  expect(await loss()).toBe(restored);
  await expect(undo).toHaveText(/back to step 4/);
  expect(lab.consoleErrors).toEqual([]);
});
