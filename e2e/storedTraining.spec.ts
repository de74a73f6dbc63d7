import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { faceFolderFiles, renderJpegs, writeTree } from './fixtures/faceFolder';
import { LabPage } from './labPage';

test('trains on an imported face folder with P and K fitted to it, and a clear message when P asks for more identities than it has', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#view=data');
  await lab.waitForRun();
  const root = writeTree(faceFolderFiles(await renderJpegs(page)));
  try {
    await page.getByTestId('data-folder-input').setInputFiles(join(root, 'faces'));
    // The stored form is suggested from a sample of the photos (40×40 and small JPEGs, in colour): 32×32 RGB.
    await expect(page.getByTestId('data-suggestion')).toContainText('32×32 RGB');
    await expect(page.getByTestId('data-resolution')).toHaveValue('32');
    await expect(page.getByTestId('data-channels')).toHaveValue('3');
    await page.getByTestId('data-import').click();
    await page.waitForFunction(() => window.__lab.datasets().some((d) => d.name === 'faces' && !d.importing));
    const record = (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === 'faces')!;

    // 5 identities, 4 of them with 2+ images, one of those held out: "Use for training" picks P = 3 and says so.
    await page.locator(`[data-dataset-id="${record.id}"]`).getByTestId('data-use').click();
    await lab.show('train');
    await expect(page.getByTestId('training-banner')).toContainText('Picked P × K = 3 × 2');
    await expect(page.locator('#P')).toHaveValue('3');
    for (let i = 0; i < 3; i++) await lab.step();
    const batch = await page.evaluate(() => window.__lab.lastBatch());
    expect(batch!.labels).toHaveLength(6);
    expect(new Set(batch!.labels).size).toBe(3);
    expect(batch!.labels.every((y) => y >= 0 && y < 5)).toBe(true);
    expect(Number.isFinite((await page.evaluate(() => window.__lab.training())).loss)).toBe(true);

    // Asking for more identities than the split has is refused with a message that names P.
    await page.locator('#P').fill('8');
    await page.locator('#P').blur();
    await expect(page.getByTestId('training-banner')).toContainText('P = 8');
    expect(lab.foreignRequests).toEqual([]);

    // A link names the imported set. Opened in this browser it trains on the set — found by name where the id
    // differs (the same folder imported in another browser); where the set is missing it says which one it needs.
    await page.locator('#P').fill('3');
    await page.locator('#P').blur();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`data=stored&set=${record.id}&setname=faces`);
    const hash = await page.evaluate(() => location.hash);
    await lab.open(hash.replace(`set=${record.id}`, 'set=imported-elsewhere'));
    await lab.waitForRun();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`data=stored&set=${record.id}&setname=faces`);
    await lab.step();
    expect((await page.evaluate(() => window.__lab.lastBatch()))!.labels.every((y) => y >= 0 && y < 5)).toBe(true);

    await lab.open('#data=stored&set=abc123&setname=Holiday%20photos&P=4');
    await lab.waitForRun();
    await expect(page.getByTestId('training-banner')).toContainText(
      'The link trains on the imported set “Holiday photos”, but this browser has no imported set of that name.',
    );
    expect(await page.evaluate(() => location.hash)).not.toContain('data=stored');
    expect(lab.consoleErrors.filter((e) => !e.includes('[triplet-lab link]'))).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
