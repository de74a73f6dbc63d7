import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './labPage';

/**
 * Help is visible text or a toggletip reachable by keyboard, never only a `title=` (issue 13, item 6): keyboard, touch
 * and projector audiences never see a `title`.
 */

/**
 * The `[title]` attributes that may stay, each matched by a selector, because none of them is help.
 * Anything else with a `title` inside the header, the workspaces or the app's own buttons fails the spec.
 */
const NOT_HELP: readonly { selector: string; why: string }[] = [
  // An identity's name in the dataset view, cut off with an ellipsis when long: the title repeats the visible label.
  { selector: '.data-identity-name', why: 'repeats the visible (possibly ellipsised) identity name' },
  // One bar per subspace in the size chart: a chart mark's data label (like an SVG <title>); the same numbers are in
  // the chart's aria-label and its caption.
  { selector: '.cluster-bar', why: 'data label of a chart mark' },
  // The round "?" button in the corner: its title names an icon-only button with the same words as its aria-label
  // and the key that opens it (also in aria-keyshortcuts and in the dialog it opens).
  { selector: '.help-open', why: 'names an icon-only button' },
];

/** Tabs forward until the focused element is `button[aria-label=name]`; fails after `limit` presses. */
async function tabTo(page: Page, name: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((n) => document.activeElement?.getAttribute('aria-label') === n, name)) return;
  }
  throw new Error(`“${name}” not reached in ${limit} Tab presses`);
}

test.describe('toggletips', () => {
  test('the compute backend toggletip: Tab to it, Enter announces it, Escape closes it, Tab away closes it', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    const backend = (await lab.backend())!;
    const tip = page.getByTestId('backend-why');
    const button = tip.getByRole('button', { name: 'More about the compute backend' });
    const live = tip.getByRole('status');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(live).toHaveText('');

    await page.locator('body').focus();
    await tabTo(page, 'More about the compute backend');
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    // The live region now holds the help: what was chosen and why, then each backend passed over.
    await expect(live).toContainText(`Chosen: ${backend.name} (${backend.reason})`);
    for (const p of backend.passedOver) await expect(live).toContainText(`${p.name}: ${p.reason}`);
    await expect(live.locator('.toggletip-bubble')).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(live).toHaveText('');
    await expect(button).toBeFocused();

    // Space opens it too; focus moving on closes it.
    await page.keyboard.press('Space');
    await expect(live).toContainText('Chosen:');
    await page.keyboard.press('Tab');
    await expect(button).not.toBeFocused();
    await expect(live).toHaveText('');

    // A second press closes it; so does a press elsewhere.
    await button.click();
    await expect(live).toContainText('Chosen:');
    await button.click();
    await expect(live).toHaveText('');
    await button.click();
    await expect(live).toContainText('Chosen:');
    await page.locator('h1').click();
    await expect(live).toHaveText('');
    expect(lab.consoleErrors).toEqual([]);
  });

  test('a toggletip in a workspace opens with the keyboard; loss options show their description', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    // A loss with an option: its description is visible under the field and describes it.
    await page.locator('#loss').selectOption('batchAll');
    await expect(page.locator('#opt-reduction')).toHaveAccessibleDescription(
      'N = number of active triplets (meanNonZero) or of all valid triplets (mean).',
    );
    await expect(page.locator('#opt-reduction-hint')).toBeVisible();

    await lab.show('clustering');
    await page.getByTestId('tab-clustering').focus();
    await tabTo(page, 'More about the identity representations');
    await page.keyboard.press('Enter');
    const button = page.getByRole('button', { name: 'More about the identity representations' });
    const live = page.locator('.toggletip').filter({ has: button }).getByRole('status');
    await expect(live).toContainText('pretrained ResNet-34');
    await expect(live).toContainText('the current network’s embeddings do once it has trained');
    await expect(live.locator('.toggletip-bubble')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(live).toHaveText('');
    expect(lab.consoleErrors).toEqual([]);
  });

  test('no title= help is left on the page: every [title] is on the allow-list of ones that are not help', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    // Render the help that shows only with results: an evaluation (with test-time augmentation, the default) and a
    // clustering (its scores and its subspace size bars).
    await lab.show('evaluate');
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('eval-tta-note')).toContainText('TTA: the same measure with test-time augmentation');
    await lab.show('clustering');
    await page.getByTestId('cluster-run').click();
    const scores = page.getByTestId('cluster-scores');
    for (const about of ['inertia', 'the silhouette', 'look-alikes together', 'family purity', 'family NMI'])
      await expect(scores.getByRole('button', { name: `More about ${about}` })).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('.cluster-bar').first()).toBeAttached();
    // Every workspace stays mounted (hidden when not shown), so one look at the document covers all of them.
    const found = await page.evaluate(
      (allowed) => {
        const scope = [...document.querySelectorAll('header [title], main [title], .app > [title]')];
        return scope.map((el) => ({
          tag: el.tagName.toLowerCase(),
          title: el.getAttribute('title'),
          allowed: allowed.some((selector) => el.matches(selector)),
        }));
      },
      NOT_HELP.map((a) => a.selector),
    );
    expect(found.filter((f) => !f.allowed)).toEqual([]);
  });
});
