import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { faceFolderFiles, renderJpegs, writeTree } from './fixtures/faceFolder';
import { LabPage } from './labPage';

test('the pretrained backbone says what it expects, warns on unaligned data and offers the aligned re-import', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#backbone=resnet34Frozen');
  await lab.waitForRun();
  await expect(page.getByTestId('backbone-expects')).toContainText('aligned on the eyes');
  await expect(page.getByTestId('pretrained-warning')).toContainText('synthetic faces are drawings');

  const root = writeTree(faceFolderFiles(await renderJpegs(page)));
  try {
    await lab.show('data');
    await page.getByTestId('data-folder-input').setInputFiles(join(root, 'faces'));
    await page.getByTestId('data-import').click();
    await page.waitForFunction(() => window.__lab.datasets().some((d) => d.name === 'faces' && !d.importing));
    const record = (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === 'faces')!;
    await page.locator(`[data-dataset-id="${record.id}"]`).getByTestId('data-use').click();
    await lab.show('train');
    await expect(page.getByTestId('pretrained-warning')).toContainText('“faces” was imported without face alignment');

    // The button takes the user to the Data workspace with the import form set up.
    await page.getByTestId('pretrained-reimport').click();
    await expect(page.locator('[data-workspace="data"]')).toBeVisible();
    await expect(page.getByTestId('data-import-request')).toContainText('Pick the folder of “faces” again');
    await expect(page.getByRole('button', { name: 'Choose folder' })).toBeFocused();
    // Picking the folder again sets up the aligned import under a name of its own.
    await page.getByTestId('data-folder-input').setInputFiles(join(root, 'faces'));
    await expect(page.getByTestId('data-align-faces')).toBeChecked();
    await expect(page.getByTestId('data-import-name')).toHaveValue('faces (aligned)');
    expect(lab.consoleErrors).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
