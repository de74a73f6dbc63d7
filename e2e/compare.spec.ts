import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

test('compares two configurations over three seeds: intervals, verdicts, a report that parses and a link that sets it up again', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  await lab.show('compare');
  const panel = page.locator('[data-panel="compare"]');
  await panel.getByRole('button', { name: /FaceNet semi-hard vs batch hard/ }).click();
  await expect(page.locator('#compare-seeds')).toHaveValue('3'); // FaceNet's miners default to 3 seeds
  // Keep two of the three: semi-hard and batch hard.
  await panel.getByRole('button', { name: 'remove configuration 3' }).click();
  await page.locator('#compare-steps').fill('8');
  await page.locator('#compare-steps').press('Enter');
  await page.locator('#compare-eval-every').fill('4');
  await page.locator('#compare-eval-every').press('Enter');
  await panel.getByTestId('compare-start').click();
  await page.waitForFunction(() => window.__lab.compare().status === 'done', null, { timeout: 180_000 });
  const result = await page.evaluate(() => window.__lab.compare());
  expect(result.seeds).toBe(3);
  expect(result.runs.map((r) => r.loss)).toEqual(['semiHard', 'batchHard']);
  for (const run of result.runs) {
    expect(run.perSeed.map((s) => [s.seed, s.steps])).toEqual([[0, 8], [1, 8], [2, 8]]);
    for (const id of ['recallAt1', 'mapAtR', 'auc', 'tarAtFar', 'finalLoss'] as const) {
      const m = run.metrics[id]!;
      // The mean is the seeds' mean, inside its interval.
      const mean = run.perSeed.reduce((s, r) => s + r.metrics[id], 0) / 3;
      expect(m.mean).toBeCloseTo(mean, 12);
      expect(m.n).toBe(3);
      expect(m.low).toBeLessThanOrEqual(m.mean);
      expect(m.high).toBeGreaterThanOrEqual(m.mean);
    }
  }
  expect(result.verdicts).toHaveLength(5);

  // The table shows mean ± interval for both configurations; the verdicts are in words.
  const table = panel.getByTestId('compare-summary');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('td[data-metric="mapAtR"]').first()).toContainText('±');
  await expect(panel.getByTestId('compare-verdicts')).toContainText(/semi-hard.*batch hard|batch hard.*semi-hard|No difference shown/i);
  // Curves: one mean line per configuration, with a band (two edge traces) for the seeds' range.
  await expect(panel.getByTestId('compare-loss').locator('.scatterlayer .trace')).toHaveCount(6);

  // The report parses: a Markdown table row per configuration, CSV with every per-seed value.
  const [markdown] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('compare-markdown').click()]);
  const md = readFileSync((await markdown.path())!, 'utf8');
  expect(md).toContain('2 configurations × 3 seeds (of 3 asked), equal steps: 8 steps per configuration and seed.');
  expect(md.split('\n').filter((l) => l.startsWith('| ') && l.includes(' ± '))).toHaveLength(2);
  expect(md.split('\n').filter((l) => /^\| .+ \| [012] \| /.test(l))).toHaveLength(2 * 3); // every seed's row
  const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('compare-csv').click()]);
  const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  expect(rows[0]).toBe('kind,configuration,other,seed,metric,value,low,high,budget,seeds,text');
  expect(rows.filter((r) => r.startsWith('seed,'))).toHaveLength(2 * 3 * 5);
  const seedValues = rows.filter((r) => r.startsWith('seed,') && r.includes(',recallAt1,')).map((r) => Number(r.split(',').at(-6)));
  expect(seedValues.sort()).toEqual(result.runs.flatMap((r) => r.perSeed.map((s) => s.metrics.recallAt1)).sort());

  // The link sets the same comparison up in a fresh page.
  const link = await panel.getByTestId('compare-link').getAttribute('data-link');
  await lab.open(new URL(link!).hash);
  await lab.waitForRun();
  await expect(page.locator('[data-panel="compare"] .compare-entries li')).toHaveCount(2);
  await expect(page.locator('#compare-seeds')).toHaveValue('3');
  await expect(page.locator('#compare-steps')).toHaveValue('8');
  await expect(page.locator('[data-panel="compare"]')).toContainText('The link set this comparison up: press Compare to run it.');
  expect(lab.consoleErrors).toEqual([]);
});
