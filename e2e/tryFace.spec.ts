/**
 * Try a face on the built-in synthetic faces: a held-out image (rendered here from the same seed, sent as a PNG)
 * comes back with its own identity first at distance ~0, and its verdict is judged at the threshold explorer's
 * threshold with the explorer's FAR / TAR, also after the slider moves.
 */
import { expect, test } from '@playwright/test';
import { splitByIdentity } from '../src/data/split';
import { createSyntheticFaces } from '../src/data/synthetic/syntheticFaces';
import { DEFAULT_RUN_CONFIG } from '../src/train/runConfig';
import { encodePng } from './fixtures/faceFolder';
import { LabPage } from './labPage';

test('a held-out image finds its own identity first; the verdict reads the threshold explorer', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await lab.show('evaluate');
  await page.getByTestId('evaluate').click();
  await page.waitForFunction(() => window.__lab.evaluation().status === 'done', null, { timeout: 120_000 });

  const { dataset, trainer } = DEFAULT_RUN_CONFIG;
  if (dataset.kind !== 'synthetic') throw new Error('the default run trains on synthetic faces');
  const faces = createSyntheticFaces(dataset.settings);
  const per = faces.settings.imagesPerIdentity;
  const split = splitByIdentity(new Array<number>(faces.settings.identities).fill(per), trainer.seed);
  const identity = split.validation[0]!;
  const size = faces.settings.resolution;
  const png = encodePng(size, size, faces.render(identity * per + 1));
  await page
    .getByTestId('try-file')
    .setInputFiles({ name: 'held-out.png', mimeType: 'image/png', buffer: Buffer.from(png) });

  const result = page.getByTestId('try-result');
  await expect(result).toHaveAttribute('data-first', String(identity));
  const first = page.getByTestId('try-matches').locator('li').first();
  expect(Number(await first.getAttribute('data-distance'))).toBeLessThan(1e-3);
  const verdict = page.getByTestId('try-verdict');
  const explorer = page.getByTestId('eval-threshold-stats');
  const agree = async () => {
    // The slider says the threshold to 3 decimals; FAR and TAR are compared exactly.
    const said = (await page.getByTestId('eval-threshold').getAttribute('aria-valuetext'))!;
    expect(said).toBe(`accept pairs closer than ${Number(await verdict.getAttribute('data-threshold')).toFixed(3)}`);
    await expect(verdict).toHaveAttribute('data-far', (await explorer.getAttribute('data-far'))!);
    await expect(verdict).toHaveAttribute('data-tar', (await explorer.getAttribute('data-tar'))!);
  };
  await expect(verdict).toHaveAttribute('data-same', 'true');
  await agree();
  // A threshold below the photo's distance to another identity's closest photo: "different" for that identity.
  const second = page.getByTestId('try-matches').locator('li').nth(1);
  const d2 = Number(await second.getAttribute('data-distance'));
  await page.getByTestId('eval-threshold').fill(String(d2 / 2));
  await second.getByRole('button').click();
  await expect(verdict).toHaveAttribute('data-same', 'false');
  await agree();
  expect(lab.consoleErrors).toEqual([]);
});
