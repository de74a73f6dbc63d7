/**
 * Archives imported off the page: a .tar.gz packed from a folder (its files under a lone top folder) gives the same
 * dataset and the same report as the folder itself; a .zip the same counts and identity names. Set
 * ARCHIVE_BENCH=<MB> for the long check in archiveBench.spec.ts instead.
 */
import { expect, test, type Page } from '@playwright/test';
import { gzipSync, zipSync } from 'fflate';
import { createTarPacker } from 'modern-tar';
import { EXPECTED, faceFolderFiles, manyFaceFiles, renderJpegs } from './fixtures/faceFolder';
import { LabPage } from './labPage';

async function tarOf(files: Record<string, Uint8Array>): Promise<Buffer> {
  const { readable, controller } = createTarPacker();
  const done = new Response(readable).arrayBuffer();
  for (const [name, data] of Object.entries(files)) {
    const w = controller.add({ name, size: data.length, type: 'file' }).getWriter();
    await w.write(data);
    await w.close();
  }
  controller.finalize();
  return Buffer.from(await done);
}

async function importArchive(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByTestId('data-files-input').setInputFiles({ name, mimeType, buffer });
  await expect(page.getByTestId('data-selection')).toContainText(`“${name}”: 1 file`);
  await page.getByTestId('data-import').click();
  const stem = name.replace(/\.(zip|tgz|tar\.gz|tar)$/, '');
  await page.waitForFunction((n) => window.__lab.datasets().some((d) => d.name === n && !d.importing), stem);
  return (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === stem)!;
}

test('a .tar.gz with a nested root folder and a .zip import in the worker with every bad file reported', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#view=data');
  // faceFolderFiles puts everything under "faces/": the archive holds that folder, as `tar czf class.tgz faces` does.
  const tgz = gzipSync(await tarOf(faceFolderFiles(await renderJpegs(page))));
  const record = await importArchive(page, 'class.tgz', 'application/gzip', Buffer.from(tgz));
  expect(record).toMatchObject({ identities: EXPECTED.identities, images: EXPECTED.images, skipped: EXPECTED.skipped });
  const report = page.getByTestId('data-report');
  await expect(report.getByTestId('data-import-summary')).toHaveText(EXPECTED.summary);
  // The lone "faces/" folder is dropped: paths read class/bob/…, identities are the folder names.
  await expect(report.locator('[data-reason="corrupt"]')).toContainText('class/bob/broken.png');
  const rows = page.getByTestId('data-view').getByTestId('data-identity');
  await expect(rows).toHaveCount(EXPECTED.identities);
  await expect(rows.filter({ hasText: 'alice' })).toContainText('3');

  const zip = zipSync(manyFaceFiles(4, 3));
  const many = await importArchive(page, 'many.zip', 'application/zip', Buffer.from(zip));
  expect(many).toMatchObject({ identities: 4, images: 12, skipped: {} });
  await page.locator(`[data-dataset-id="${many.id}"]`).getByTestId('data-dataset-name').click();
  await expect(page.getByTestId('data-view').getByTestId('data-identity').first()).toContainText('id0000');
  expect(lab.consoleErrors).toEqual([]);
});
