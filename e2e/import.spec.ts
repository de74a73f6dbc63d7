import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { EXPECTED, faceFolderFiles, manyFaceFiles, renderJpegs, writeTree } from './fixtures/faceFolder';
import { LabPage } from './labPage';

const datasets = (page: Page) => page.evaluate(() => window.__lab.datasets());

/** Waits for the import named `name` to finish and returns its record. */
async function waitForImported(page: Page, name: string) {
  await page.waitForFunction((n) => window.__lab.datasets().some((d) => d.name === n && !d.importing), name);
  const found = (await datasets(page)).find((d) => d.name === name);
  expect(found).toBeDefined();
  return found!;
}

/** The report on screen: every reason's group names its file, the summary line and the single-image note. */
async function expectReportShown(page: Page, skipped: Record<string, number>, summary: string) {
  const report = page.getByTestId('data-report');
  await expect(report.getByTestId('data-import-summary')).toHaveText(summary);
  for (const [reason, n] of Object.entries(skipped)) {
    const group = report.locator(`[data-reason="${reason}"]`);
    await expect(group.locator('li')).toHaveCount(n);
    const file = EXPECTED.files[reason];
    if (file) await expect(group).toContainText(file);
  }
  await expect(report.locator('[data-reason]')).toHaveCount(Object.keys(skipped).length);
  await expect(page.getByTestId('data-single-image-note')).toContainText(EXPECTED.singleImage.join(', '));
}

async function expectDatasetView(page: Page) {
  const view = page.getByTestId('data-view');
  await expect(view.getByTestId('data-split')).toContainText(
    `${EXPECTED.train} training, ${EXPECTED.validation} validation identities`,
  );
  const rows = view.getByTestId('data-identity');
  await expect(rows).toHaveCount(EXPECTED.identities);
  await expect(view.locator('.data-tag-val')).toHaveCount(EXPECTED.validation);
  await expect(rows.filter({ hasText: 'alice' })).toContainText('3');
  await view.getByTestId('data-search').fill('car');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('carol');
  await view.getByTestId('data-search').fill('');
}

/** Reload: the dataset is still there with the same counts; then delete it, and it stays gone after a reload. */
async function expectPersistsThenDelete(lab: LabPage, record: Awaited<ReturnType<typeof waitForImported>>) {
  const { page } = lab;
  await lab.open('#view=data');
  await page.waitForFunction((id) => window.__lab.datasets().some((d) => d.id === id), record.id);
  expect(await datasets(page)).toEqual([record]);
  const row = page.locator(`[data-dataset-id="${record.id}"]`);
  await expect(row).toContainText(`${EXPECTED.identities} identities · ${EXPECTED.images} images`);
  await row.getByTestId('data-dataset-name').click();
  await page.getByTestId('data-view').locator('summary', { hasText: 'Import report' }).click();
  await expect(page.getByTestId('data-import-summary')).toBeVisible();

  await row.getByTestId('data-delete').click();
  await row.getByTestId('data-delete-yes').click();
  await expect(row).toHaveCount(0);
  await page.waitForFunction(() => window.__lab.datasets().length === 0);
  await lab.open('#view=data');
  await expect(page.getByTestId('data-builtin')).toBeVisible();
  await expect(page.getByTestId('data-dataset')).toHaveCount(0);
  expect(await datasets(page)).toEqual([]);
}

test.describe('import', () => {
  test('a picked folder: report counts exact, persisted across a reload, deleted for good', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('#view=data');
    const root = writeTree(faceFolderFiles(await renderJpegs(page)));
    try {
      await page.getByTestId('data-folder-input').setInputFiles(join(root, 'faces'));
      await expect(page.getByTestId('data-selection')).toContainText('20 files');
      await expect(page.getByTestId('data-import-name')).toHaveValue('faces');
      await page.getByTestId('data-import').click();

      const record = await waitForImported(page, 'faces');
      expect(record).toEqual({
        id: record.id,
        name: 'faces',
        identities: EXPECTED.identities,
        images: EXPECTED.images,
        skipped: EXPECTED.skipped,
        importing: false,
      });
      await expectReportShown(page, EXPECTED.skipped, EXPECTED.summary);
      await expectDatasetView(page);

      // Choosing it for training, then back to the built-in set.
      const row = page.locator(`[data-dataset-id="${record.id}"]`);
      await row.getByTestId('data-use').click();
      await expect(row).toContainText('Used for training');
      await page.getByTestId('data-builtin').getByRole('button', { name: 'Use for training' }).click();
      await expect(page.getByTestId('data-builtin')).toContainText('Used for training');

      await page.locator('[data-panel="data"]').screenshot({ path: test.info().outputPath('data-panel.png') });
      await expectPersistsThenDelete(lab, record);
      expect(lab.consoleErrors).toEqual([]);
      expect(lab.foreignRequests).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a dropped .zip (with macOS clutter): same report, renamed inline, deleted', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('#view=data');
    const files = faceFolderFiles(await renderJpegs(page));
    const inZip: Record<string, Uint8Array> = { '__MACOSX/alice/._a1.png': strToU8('resource fork') };
    for (const [path, bytes] of Object.entries(files)) inZip[path.replace(/^faces\//, '')] = bytes;
    const zip = Buffer.from(zipSync(inZip)).toString('base64');

    // A synthetic DataTransfer has no FileSystemEntry behind its items: the drop falls back to its files.
    await page.getByTestId('data-drop').evaluate((zone, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'faces.zip', { type: 'application/zip' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, zip);
    await expect(page.getByTestId('data-selection')).toContainText('“faces.zip”: 1 file');
    await expect(page.getByTestId('data-import-name')).toHaveValue('faces');
    await page.getByTestId('data-import-name').fill('dropped faces');
    await page.getByTestId('data-import').click();

    const skipped = { ...EXPECTED.skipped, systemFile: 1 };
    const record = await waitForImported(page, 'dropped faces');
    expect(record).toEqual({
      id: record.id,
      name: 'dropped faces',
      identities: EXPECTED.identities,
      images: EXPECTED.images,
      skipped,
      importing: false,
    });
    const summary = EXPECTED.summary
      .replace('skipped 9 files', 'skipped 10 files')
      .replace('1 no identity folder,', '1 no identity folder, 1 system file,');
    await expectReportShown(page, skipped, summary);

    const row = page.locator(`[data-dataset-id="${record.id}"]`);
    await row.getByTestId('data-rename').click();
    await page.getByTestId('data-rename-input').fill('ignored');
    await page.getByTestId('data-rename-input').press('Escape');
    await expect(row.getByTestId('data-dataset-name')).toHaveText('dropped faces');
    await row.getByTestId('data-rename').click();
    await page.getByTestId('data-rename-input').fill('class faces');
    await page.getByTestId('data-rename-input').press('Enter');
    await expect(row.getByTestId('data-dataset-name')).toHaveText('class faces');
    await page.waitForFunction(
      (id) => window.__lab.datasets().find((d) => d.id === id)?.name === 'class faces',
      record.id,
    );

    await expectPersistsThenDelete(lab, { ...record, name: 'class faces' });
    expect(lab.consoleErrors).toEqual([]);
  });

  test('a long import shows progress, is listed as importing, and keeps what was stored when cancelled', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open('#view=data');
    const total = 2000;
    const root = writeTree(manyFaceFiles(total / 10, 10));
    try {
      await page.getByTestId('data-folder-input').setInputFiles(join(root, 'many'));
      await page.getByTestId('data-import').click();
      await page.waitForFunction(() => window.__lab.datasets().some((d) => d.name === 'many' && d.importing));
      const progress = page.getByTestId('data-progress');
      await expect(progress).toContainText(`/ ${total.toLocaleString('en-US')} files`);
      await expect(progress).toContainText('images/s');
      await progress.getByTestId('data-cancel').click();

      const record = await waitForImported(page, 'many');
      expect(record.images).toBeLessThan(total);
      expect(record.identities).toBe(Math.ceil(record.images / 10));
      expect(record.skipped).toEqual({});
      await expect(page.getByTestId('data-progress')).toHaveCount(0);
      const summary = page.getByTestId('data-import-summary');
      await expect(summary).toContainText(
        `${record.identities} identities, ${record.images.toLocaleString('en-US')} images`,
      );
      await expect(summary).toContainText('stopped (cancelled)');
      await expect(summary).toContainText('what was imported is kept');
      await lab.open('#view=data');
      await page.waitForFunction((id) => window.__lab.datasets().some((d) => d.id === id), record.id);
      expect(await datasets(page)).toEqual([record]);
      expect(lab.consoleErrors).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('storage full: the import stops with a clear message; earlier datasets and every chunk that fit are kept', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    // 6 MB holds a few of the 2,000-image import's chunks (256 images at 64×64 RGB, compressed by IndexedDB), so it
    // runs into the quota partway. Chromium reads the quota when the origin's storage opens: set it before the page.
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(test.info().project.use.baseURL ?? '').origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 6_000_000 });
    await lab.open('#view=data');
    const root = writeTree({ ...faceFolderFiles(await renderJpegs(page)), ...manyFaceFiles(200, 10) });
    try {
      await page.getByTestId('data-folder-input').setInputFiles(join(root, 'faces'));
      await page.getByTestId('data-import').click();
      const faces = await waitForImported(page, 'faces');

      await page.getByTestId('data-folder-input').setInputFiles(join(root, 'many'));
      // The form the quota was sized for, chosen over the suggestion from the (small) photos.
      await page.getByTestId('data-resolution').selectOption('64');
      await page.getByTestId('data-channels').selectOption('3');
      await page.getByTestId('data-import').click();
      const many = await waitForImported(page, 'many');
      expect(many.images % 256).toBe(0); // whole chunks only
      expect(many.images).toBeLessThan(2000);
      expect(many.identities).toBe(Math.ceil(many.images / 10));
      expect(many.skipped).toEqual({ quotaExceeded: 256 }); // the chunk that did not fit, file by file
      await expect(page.getByTestId('data-error')).toContainText("The browser's storage filled up during the import");
      await expect(page.getByTestId('data-error')).toContainText(`${many.images} images`);
      await expect(page.getByTestId('data-import-summary')).toContainText(
        `stopped (browser storage is full), ${(2000 - many.images - 256).toLocaleString('en-US')} files not attempted`,
      );
      await expect(page.getByTestId('data-report').locator('[data-reason="quotaExceeded"]')).toContainText(
        'Delete a dataset or free disk space',
      );

      await lab.open('#view=data');
      await page.waitForFunction(() => window.__lab.datasets().length === 2);
      expect(await datasets(page)).toEqual([faces, many]);
      expect(lab.consoleErrors).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('synthetic faces: a preview of an identity, a look-alike and a stranger; settings applied to the run', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open('#view=data');
    await lab.waitForRun();
    const preview = page.getByTestId('data-synthetic-preview');
    await expect(preview.locator('canvas')).toHaveCount(3);
    await expect(preview).toContainText('same family (look-alike)');
    // The canvases hold rendered faces, not a blank: many distinct colours (drawn by the draw queue, a few per task).
    await expect(preview.locator('canvas:not([data-drawn])')).toHaveCount(0);
    const colours = await preview
      .locator('canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
        return seen.size;
      });
    expect(colours).toBeGreaterThan(50);

    await page.getByRole('spinbutton', { name: /^Identities/ }).fill('1');
    await expect(page.getByText('Identities must be a whole number from 2 to 100,000.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await page.getByRole('spinbutton', { name: /^Identities/ }).fill('60');
    await page.getByRole('spinbutton', { name: /^Family size/ }).fill('1');
    await expect(preview.locator('canvas')).toHaveCount(2); // no family: no look-alike row
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('data-builtin')).toContainText('60 identities × 10 images');
    await lab.waitForRun();
    expect(lab.consoleErrors).toEqual([]);
  });

  test('the drop zone is keyboard accessible: Enter opens the folder picker', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('#view=data');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('data-drop').focus();
    await page.keyboard.press('Enter');
    expect((await chooser).isMultiple()).toBe(true);
  });
});
