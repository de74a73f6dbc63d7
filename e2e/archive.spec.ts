/**
 * Archives imported off the page: a .tar.gz packed from a folder (its files under a lone top folder) gives the same
 * dataset and the same report as the folder itself; a .zip the same counts and identity names, which then name the
 * points of the embedding map and the rows of the Projector's metadata.tsv.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { gzipSync, unzipSync, zipSync } from 'fflate';
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
  // The finished import shows in the dataset view, its identities by folder name.
  await expect(page.getByTestId('data-view').getByTestId('data-identity').first()).toContainText('id0000');
  expect(lab.consoleErrors).toEqual([]);
});

test('identity names in the map hover and in metadata.tsv of a network trained on an imported archive', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('#view=data');
  await lab.waitForRun();
  // 10 identities "id0000" … "id0009", 4 images each: identity i is the i-th folder (folders are imported sorted).
  const record = await importArchive(page, 'named.zip', 'application/zip', Buffer.from(zipSync(manyFaceFiles(10, 4))));
  expect(record).toMatchObject({ identities: 10, images: 40 });
  const nameOf = (identity: number) => `id${String(identity).padStart(4, '0')}`;
  await page.locator(`[data-dataset-id="${record.id}"]`).getByTestId('data-use').click();
  await lab.show('train');
  await lab.step();
  await lab.step();

  await lab.show('evaluate');
  await page.getByTestId('evaluate').click();
  await page.waitForFunction(() => window.__lab.evaluation().status === 'done', null, { timeout: 60_000 });
  const hover = () =>
    page
      .getByTestId('eval-map')
      .evaluate((el) => (el as unknown as { data?: { text?: string[] }[] }).data?.[0]?.text ?? []);
  await expect
    .poll(async () => (await hover()).every((t) => /^id000\d$/.test(t)) && (await hover()).length > 0)
    .toBe(true);
  const hovered = new Set(await hover());

  await lab.show('export');
  const download = page.waitForEvent('download');
  await page.getByTestId('projector-zip').click();
  const zip = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
  const rows = new TextDecoder().decode(zip['metadata.tsv']).trim().split('\n');
  expect(rows[0]).toBe('identity\tname\tfile');
  const names = rows.slice(1).map((row) => {
    const [identity, name, file] = row.split('\t');
    expect(name).toBe(nameOf(Number(identity)));
    expect(file?.startsWith(`named/${name}/`)).toBe(true);
    return name;
  });
  expect(names.length).toBeGreaterThan(0);
  // The map shows the same held-out identities, by name.
  expect(hovered).toEqual(new Set(names));
  expect(lab.consoleErrors).toEqual([]);
});
