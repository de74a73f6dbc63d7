/**
 * The training package end to end, as a user meets it: the Export panel builds it from the running lab, Debian's
 * PyTorch checks its golden batch and trains it for a few steps, and the Export panel imports what train.py wrote
 * (the network and its log) back as a run, scored on the held-out identities.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { LabPage } from './labPage';

const PYTHON = '/usr/bin/python3';
const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

test('the Export panel builds a training package that train.py checks and trains, and imports its result back', async ({
  page,
}) => {
  test.skip(!HAS_TORCH, `${PYTHON} cannot import torch (apt-get install -y python3-torch)`);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await lab.trainAtLeast(2);
  await lab.show('export');

  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('training-package-download').click();
  const zip = await download;
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const dir = mkdtempSync(join(tmpdir(), 'triplet-package-e2e-'));
  const files = unzipSync(new Uint8Array(readFileSync(await zip.path())));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['train.py', 'model.py', 'losses.py']));
  await expect(page.getByTestId('training-package-error')).toHaveCount(0);

  // The golden batch: the lab's loss, census and gradient norm recomputed by PyTorch.
  const check = spawnSync(PYTHON, ['train.py', '--check', '--cpu'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);

  // A few steps on one process, then the trained network and its log back into the lab.
  const train = spawnSync(PYTHON, ['train.py', '--steps', '3', '--cpu', '--checkpoint-every', '3'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(train.status, `${train.stdout}\n${train.stderr}`).toBe(0);
  await page
    .getByTestId('trained-run-files')
    .setInputFiles([join(dir, 'trained', 'model.json'), join(dir, 'trained', 'weights.bin'), join(dir, 'log.csv')]);
  await expect(page.getByTestId('trained-run-error')).toHaveCount(0);
  await expect(page.getByTestId('trained-run-result')).toContainText('3 steps', { timeout: 120_000 });
  const scores = page.getByTestId('trained-run-scores');
  await expect(scores).toBeVisible({ timeout: 120_000 });
  // Recall@1 of a real network on held-out identities: a percentage, above chance (40 identities).
  const recall = Number(/([\d.]+)\s*%/.exec((await scores.locator('td').nth(1).textContent()) ?? '')?.[1]);
  expect(recall).toBeGreaterThan(100 / 40);
  expect(lab.consoleErrors).toEqual([]);
  expect(lab.foreignRequests).toEqual([]);
});
