/**
 * An axe-core scan of every workspace in the light and the dark theme, each also in presentation mode: no violation
 * of impact serious or critical. The scan runs after a few steps and one evaluation, so the charts, the inspector, the
 * margin band and the evaluation's cards, charts and gallery are on the page, not only empty panels.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './labPage';

const WORKSPACES = ['train', 'data', 'clustering', 'evaluate', 'compare', 'export'] as const;

/** "rule (impact): target — what failed", one line per failing element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`),
    );
}

for (const mode of [
  { scheme: 'light', present: false },
  { scheme: 'dark', present: false },
  { scheme: 'light', present: true },
  { scheme: 'dark', present: true },
] as const) {
  const name = `${mode.scheme}${mode.present ? ', presentation mode' : ''}`;
  test(`axe finds no serious or critical violation in any workspace (${name})`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: mode.scheme });
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    if (mode.present) await page.getByTestId('present-toggle').click();
    if (mode.present) await expect(page.locator('html')).toHaveAttribute('data-present', '');
    else await expect(page.locator('html')).not.toHaveAttribute('data-present');
    for (let i = 0; i < 3; i++) await lab.step();
    await lab.show('evaluate');
    await page.getByTestId('evaluate').click();
    await page.waitForFunction(() => window.__lab.evaluation().status === 'done', null, { timeout: 120_000 });
    await expect(page.getByTestId('eval-roc').locator('.main-svg').first()).toBeVisible();

    const found: string[] = [];
    for (const workspace of WORKSPACES) {
      await lab.show(workspace);
      found.push(...(await seriousViolations(page)).map((v) => `[${workspace}] ${v}`));
    }
    expect(found, `axe violations (${name}):\n${found.join('\n')}`).toEqual([]);
    expect(lab.consoleErrors).toEqual([]);
  });
}
