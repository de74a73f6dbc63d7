import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

const readEvaluation = () => window.__lab.evaluation();
const evaluationDone = () => window.__lab.evaluation().status === 'done';

test.describe('evaluation', () => {
  test('evaluates held-out identities after 20 steps: metrics in range, ROC, threshold slider, gallery, map', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await lab.trainAtLeast(20);
    await lab.show('evaluate');
    const { step } = await page.evaluate(() => window.__lab.training());

    await page.getByTestId('evaluate').click();
    await page.waitForFunction(evaluationDone, null, { timeout: 60_000 });
    const m = await page.evaluate(readEvaluation);
    expect(m.step).toBe(step);
    for (const key of ['auc', 'eer', 'recallAt1', 'mapAtR', 'nmi'] as const) {
      expect(m[key], key).not.toBeNull();
      expect(m[key]!, key).toBeGreaterThanOrEqual(0);
      expect(m[key]!, key).toBeLessThanOrEqual(1);
    }
    // Better than chance on identities never trained on: AUC > 0.5 and Recall@1 well above 1 / identities.
    expect(m.auc!).toBeGreaterThan(0.6);
    expect(m.eer!).toBeLessThan(0.5);
    expect(m.recallAt1!).toBeGreaterThan(0.1);

    // The cards show the same numbers as the hook; TAR@FAR says what it rests on.
    const panel = page.locator('[data-panel="evaluation"]');
    const card = (id: string) => panel.locator(`[data-metric="${id}"]`);
    expect(Number(await card('auc').getAttribute('data-value'))).toBe(m.auc);
    expect(Number(await card('recallAt1').getAttribute('data-value'))).toBe(m.recallAt1);
    await expect(card('tarAtFar')).toContainText(/rests on [\d,]+ negative pairs/);
    // Test-time augmentation (image + mirror, the default) beside each plain number, at the same step.
    expect(m.tta?.mode).toBe('flip');
    expect(Number(await card('recallAt1').locator('.eval-card-tta').getAttribute('data-tta-value'))).toBe(m.tta!.recallAt1);
    expect(m.tta!.auc).toBeGreaterThan(0.6);
    // Averaging two views moves the embeddings: the numbers are measured, not copied from the plain pass.
    expect(m.tta!.mapAtR).not.toBe(m.mapAtR);
    for (const id of ['eer', 'accuracy', 'recallAt5', 'mapAtR', 'rPrecision', 'nmi']) {
      const value = Number(await card(id).getAttribute('data-value'));
      expect(value, id).toBeGreaterThanOrEqual(0);
      expect(value, id).toBeLessThanOrEqual(1);
    }
    await expect(panel.getByTestId('eval-step')).toHaveAttribute('data-step', String(step));

    // Plotly charts rendered.
    await expect(panel.getByTestId('eval-roc').locator('.main-svg').first()).toBeVisible();
    await expect(panel.getByTestId('eval-histogram').locator('.main-svg').first()).toBeVisible();
    await expect(panel.getByTestId('eval-map').locator('.main-svg').first()).toBeVisible();

    // The threshold slider changes TAR and FAR live: 0 accepts nothing, the top of the axis accepts everything.
    const stats = panel.getByTestId('eval-threshold-stats');
    const read = async () => ({
      tar: Number(await stats.getAttribute('data-tar')),
      far: Number(await stats.getAttribute('data-far')),
    });
    const atEer = await read();
    expect(atEer.tar).toBeGreaterThan(0);
    expect(atEer.tar).toBeLessThan(1);
    const slider = panel.getByTestId('eval-threshold');
    await slider.fill('0');
    await expect(stats).toHaveAttribute('data-tar', '0');
    expect(await read()).toEqual({ tar: 0, far: 0 });
    await expect(stats).toContainText('0.0%');
    await slider.fill((await slider.getAttribute('max'))!);
    expect(await read()).toEqual({ tar: 1, far: 1 });
    await expect(stats).toContainText('100.0%');

    // Neighbour gallery: the query and its 8 nearest, each marked same or other identity.
    const gallery = panel.getByTestId('eval-gallery');
    const neighbours = gallery.locator('.eval-neighbour:not(.eval-query)');
    await expect(neighbours).toHaveCount(8);
    const others = await gallery.locator('.eval-other').count();
    await expect(gallery.locator('.eval-other .eval-verdict', { hasText: '✗ other identity' })).toHaveCount(others);
    await expect(gallery.locator('.eval-same .eval-verdict', { hasText: '✓ same identity' })).toHaveCount(8 - others);
    await expect(gallery).toContainText('query image 1 of');
    await gallery.focus();
    await page.keyboard.press('ArrowRight');
    await expect(gallery).toContainText('query image 2 of');
    // A strip thumbnail of another identity becomes the query.
    await gallery.locator('.eval-strip-item').nth(3).click();
    await expect(gallery.locator('.eval-strip-item').nth(3)).toHaveAttribute('aria-selected', 'true');

    // Clicking a point of the PCA map opens it in the gallery.
    const before = await gallery.locator('.eval-query-nav span').textContent();
    const point = panel.getByTestId('eval-map').locator('.scatterlayer .trace').first().locator('.point').nth(123);
    const box = (await point.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(gallery.locator('.eval-query-nav span')).not.toHaveText(before!);

    await expect(panel.getByTestId('eval-history')).toBeVisible();

    // "Every N steps": while training runs, a new evaluation lands without a click and joins the history.
    await panel.getByLabel('evaluate every this many steps').fill('10');
    await panel.getByTestId('eval-every').check();
    await page.getByTestId('play').click();
    await page.waitForFunction(
      (s) => {
        const hook = () => window.__lab.evaluation();
        const e = hook();
        return e.status === 'done' && e.step !== null && e.step > s;
      },
      step,
      { timeout: 60_000 },
    );
    await lab.pause();
    await panel.getByTestId('eval-every').uncheck();
    expect(await panel.locator('.eval-table tbody tr').count()).toBeGreaterThanOrEqual(2);
    await panel.screenshot({ path: test.info().outputPath('evaluation.png') });
    if (process.env.EVAL_SCREENSHOT) await panel.screenshot({ path: process.env.EVAL_SCREENSHOT });
    // UMAP on demand, in a worker: the map switches projection and keeps one point per validation image.
    await panel.getByTestId('eval-umap').click();
    const umapMap = panel.locator('[data-testid="eval-map"][data-projection="umap"]');
    await expect(umapMap).toBeVisible({ timeout: 90_000 });
    await expect(umapMap.locator('.scatterlayer .trace').first().locator('.point')).toHaveCount(400);
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});
