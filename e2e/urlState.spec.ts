import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './labPage';

const hashParams = async (page: Page) =>
  new URLSearchParams((await page.evaluate(() => location.hash)).replace(/^#/, ''));

test.describe('configuration in the URL', () => {
  test('a link sets the configuration; UI changes update the hash; a reload keeps it', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('#loss=batchAll&margin=0.35&P=6&seed=7');
    await lab.waitForRun();
    await expect(page.locator('#loss')).toHaveValue('batchAll');
    await expect(page.locator('#P')).toHaveValue('6');
    await expect(page.locator('#margin')).toHaveValue('0.35');
    // The seed has no control of its own: the share link carries it.
    await expect(page.getByTestId('share-copy-url')).toHaveValue(/[#&]seed=7(&|$)/);

    await page.locator('#K').fill('3');
    await page.locator('#K').press('Enter');
    await expect.poll(async () => (await hashParams(page)).get('K')).toBe('3');
    const params = await hashParams(page);
    expect(Object.fromEntries(params)).toEqual({ seed: '7', loss: 'batchAll', margin: '0.35', P: '6', K: '3' });

    await page.reload();
    await page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 120_000 });
    await lab.waitForRun();
    await expect(page.locator('#loss')).toHaveValue('batchAll');
    await expect(page.locator('#P')).toHaveValue('6');
    await expect(page.locator('#K')).toHaveValue('3');
    await expect(page.locator('#margin')).toHaveValue('0.35');
    expect(Object.fromEntries(await hashParams(page))).toEqual({
      seed: '7',
      loss: 'batchAll',
      margin: '0.35',
      P: '6',
      K: '3',
    });
    expect(lab.consoleErrors).toEqual([]);
  });

  test('bad values fall back to defaults; the classroom link builder adds hide=', async ({ page }) => {
    const lab = new LabPage(page);
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await lab.open('#P=1&K=5&bogus=3');
    await lab.waitForRun();
    await expect(page.locator('#P')).toHaveValue('8');
    await expect(page.locator('#K')).toHaveValue('5');
    expect(warnings.some((w) => w.includes('P="1" is not valid'))).toBe(true);
    expect(warnings.some((w) => w.includes('"bogus"'))).toBe(true);
    // The address bar is rewritten to the configuration actually applied.
    await expect.poll(async () => page.evaluate(() => location.hash)).toBe('#K=5');

    await lab.show('export');
    await page.getByTestId('hide-loss').check();
    await page.getByTestId('hide-network').check();
    await expect(page.getByTestId('classroom-copy-url')).toHaveValue(/#K=5&hide=loss,network$/);
    await expect(page.getByTestId('share-copy-url')).toHaveValue(/#K=5$/);
  });
});

test('a classroom link hides the control groups it names', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#P=6&hide=export');
  await lab.waitForRun();
  await expect(page.locator('#P')).toHaveValue('6');
  await expect(page.locator('[data-panel=export]')).toHaveCount(0);
  // Changing the configuration keeps the page a classroom page.
  await page.locator('#K').fill('3');
  await page.locator('#K').press('Enter');
  await expect.poll(async () => page.evaluate(() => location.hash)).toBe('#P=6&K=3&hide=export');
});

test('an address edited to other settings asks before it restarts a run with steps', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  for (let i = 0; i < 2; i++) await lab.step();
  // Declined: the run and its settings stay, and the address shows them again.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.evaluate(() => (location.hash = '#loss=batchAll'));
  await expect.poll(() => asked).toContain('The run restarts from the seed and its 2 steps are lost');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
  expect((await page.evaluate(() => window.__lab.training())).step).toBe(2);
  await expect(page.locator('#loss')).toHaveValue('batchHard');
  // Accepted: the run restarts with the address's settings.
  page.once('dialog', (d) => void d.accept());
  await page.evaluate(() => (location.hash = '#loss=batchAll'));
  await expect(page.locator('#loss')).toHaveValue('batchAll');
  await page.waitForFunction(() => window.__lab.training().step === 0);
  expect(lab.consoleErrors).toEqual([]);
});

test('typing 12 into P keeps 12 (never passing through 1); a refused value says why; one marker per applied change', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  const P = page.locator('#P');
  await P.fill('');
  await P.pressSequentially('12');
  await expect(P).toHaveValue('12');
  await P.press('Enter');
  await expect.poll(async () => (await hashParams(page)).get('P')).toBe('12');
  expect(await page.evaluate(() => window.__lab.markers())).toEqual([{ step: 0, label: 'P = 12' }]);
  // Below the minimum: kept in the box, not applied, and the field says why.
  await P.fill('1');
  await P.blur();
  await expect(page.getByRole('alert').filter({ hasText: 'P identities: enter a whole number from 2 to 64.' })).toBeVisible();
  expect((await hashParams(page)).get('P')).toBe('12');
  // The margin slider dragged over many ticks leaves one marker at this step, with its last value.
  const margin = page.locator('#margin');
  for (const m of ['0.25', '0.3', '0.35']) await margin.fill(m);
  expect(await page.evaluate(() => window.__lab.markers())).toEqual([{ step: 0, label: 'P = 12; m = 0.35' }]);
});
