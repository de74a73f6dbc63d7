import { expect, test } from '@playwright/test';
import { expectCensusMatches } from './censusOracle';
import { LabPage } from './labPage';

// A small synthetic set (40 identities × 4 images) and P = 4 × K = 2, so the 150×150 ResNet stays quick on wasm.
const SMALL = '#ids=40&ipi=4&P=4&K=2';

test.describe('pretrained ResNet-34 backbone (face-api weights served by the app)', () => {
  test('frozen: trains its head with the census matching; cost shows trainable vs total; weights from our origin', async ({ page }) => {
    const lab = new LabPage(page);
    const modelFiles: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/models/face-api/')) modelFiles.push(new URL(r.url()).pathname);
    });
    await lab.open(`${SMALL}&backbone=resnet34Frozen`);
    await lab.waitForRun();
    await expect(page.locator('#backbone')).toHaveValue('resnet34Frozen');
    // 5,614,592 backbone weights + a 128 × 64 + 64 head, of which only the head trains.
    await expect(page.getByTestId('model-cost')).toContainText('5,622,848 parameters (8,256 trainable)');
    for (let i = 0; i < 3; i++) await lab.step();
    const training = await page.evaluate(() => window.__lab.training());
    expect(Number.isFinite(training.loss)).toBe(true);
    await expectCensusMatches(page);
    expect(modelFiles).toContain('/models/face-api/face_recognition_model.bin');

    // Wang, Zhang & Lan 2017: subspaces from the pretrained identity representations.
    await lab.show('clustering');
    await page.locator('#cluster-representation').selectOption('pretrained');
    await page.getByTestId('cluster-run').click();
    await page.waitForFunction(() => window.__lab.clustering().status === 'done', null, { timeout: 120_000 });
    const clustering = await page.evaluate(() => window.__lab.clustering());
    expect(clustering.representation).toBe('pretrained');
    expect(clustering.sizes.reduce((a, b) => a + b, 0)).toBe(32); // the 32 training identities
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  test('fine-tuned: a reload resumes at the checkpoint with the backbone and its trained weights', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open(`${SMALL}&backbone=resnet34FineTuned`);
    await lab.waitForRun();
    for (let i = 0; i < 2; i++) await lab.step();
    // Pausing writes a checkpoint (weights, optimizer state: about 70 MB here).
    await page.getByTestId('play').click();
    await page.waitForFunction(() => window.__lab.training().step >= 3);
    await lab.pause();
    await page.waitForFunction(() => window.__lab.savedStep() === window.__lab.training().step, null, { timeout: 60_000 });
    const step = await page.evaluate(() => window.__lab.training().step);

    await page.reload();
    await page.waitForFunction(() => window.__lab?.backend() !== null);
    await page.waitForFunction(
      (s) => window.__lab.training().step === s && window.__lab.training().status === 'paused',
      step,
      { timeout: 120_000 },
    );
    await expect(page.locator('#backbone')).toHaveValue('resnet34FineTuned');
    await lab.waitForRun();
    await lab.step();
    expect(Number.isFinite((await page.evaluate(() => window.__lab.training())).loss)).toBe(true);
    await expectCensusMatches(page);
    expect(lab.consoleErrors).toEqual([]);
  });

  test('compare preset: ResNet-34 frozen, fine-tuned and LuNet from scratch train side by side', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open(SMALL);
    await lab.waitForRun();
    await lab.show('compare');
    const panel = page.locator('[data-panel="compare"]');
    await panel.getByRole('button', { name: /Pretrained vs from scratch/ }).click();
    await page.locator('#compare-seeds').fill('1');
    await page.locator('#compare-seeds').press('Enter');
    await page.locator('#compare-steps').fill('5');
    await page.locator('#compare-steps').press('Enter');
    await panel.getByTestId('compare-start').click();
    await page.waitForFunction(() => window.__lab.compare().status === 'done', null, { timeout: 180_000 });
    const result = await page.evaluate(() => window.__lab.compare());
    expect(result.runs.map((r) => r.backbone)).toEqual(['lunet', 'resnet34Frozen', 'resnet34FineTuned']);
    for (const run of result.runs) {
      expect(run.steps).toBe(5);
      expect(Number.isFinite(run.lastLoss)).toBe(true);
      expect(run.recallAt1).toBeGreaterThanOrEqual(0);
    }
    expect(lab.consoleErrors).toEqual([]);
  });
});
