import { expect, test, type Page } from '@playwright/test';
import { distance } from './censusOracle';
import { LabPage } from './labPage';

/** What the lesson view must show without scrolling while training (issue 13). */
const LESSON_ELEMENTS = [
  '[data-testid="tab-train"]',
  '[data-testid="play"], [data-testid="pause"]',
  '[data-testid="step"]',
  '[data-testid="reset"]',
  '[data-testid="training-readout"]',
  '#lesson-loss',
  '#lesson-margin',
  '#lesson-sampler',
  '[data-testid="census-population"]',
  '[data-testid="census-selection"]',
  '[data-testid="census-legend"]',
  '[data-testid="distance-histogram"]',
  '#inspector',
  '[data-testid="chart-loss"]',
  '[data-testid="margin-band"]',
];

async function outsideViewport(page: Page): Promise<string[]> {
  const viewport = page.viewportSize()!;
  const outside: string[] = [];
  for (const selector of LESSON_ELEMENTS) {
    const box = await page.locator(selector).first().boundingBox();
    if (!box || box.x < 0 || box.y < 0 || box.x + box.width > viewport.width + 0.5 || box.y + box.height > viewport.height + 0.5)
      outside.push(`${selector}: ${JSON.stringify(box)}`);
  }
  return outside;
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`the lesson view at ${size.width}×${size.height} shows controls, census, band, inspector and curves with no scrolling while training`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await page.getByTestId('play').click();
    await page.waitForFunction(() => window.__lab.training().step >= 5, null, { timeout: 120_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await outsideViewport(page)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('lesson.png') });
    if (size.width === 1366) await page.screenshot({ path: 'docs/lesson-view.png' });

    // Switching workspaces keeps the run going.
    const before = await page.evaluate(() => window.__lab.training().step);
    await lab.show('evaluate');
    await expect(page.getByTestId('lesson-view')).toBeHidden();
    await page.waitForFunction((s) => window.__lab.training().step >= s + 3, before, { timeout: 120_000 });
    expect(await page.evaluate(() => location.hash)).toContain('view=evaluate');
    await lab.show('train');
    await expect(page.getByTestId('lesson-view')).toBeVisible();
    await lab.pause();
    expect(lab.consoleErrors).toEqual([]);
  });
}

/** The band's counts for its anchor and positive, recomputed in float64 from the batch the page reports. */
async function expectBandMatchesRecompute(page: Page): Promise<void> {
  const svg = page.getByTestId('margin-band');
  // The band follows training a few times a second: wait until it shows the batch the hook reports.
  const step = await page.evaluate(() => window.__lab.training().step);
  await expect(svg).toHaveAttribute('data-step', String(step));
  const anchor = Number(await svg.getAttribute('data-anchor'));
  const positive = Number(await svg.getAttribute('data-positive'));
  const margin = Number(await svg.getAttribute('data-margin'));
  const batch = (await page.evaluate(() => window.__lab.lastBatch()))!;
  const { embeddings, labels } = batch;
  expect(labels[positive]).toBe(labels[anchor]);
  const ap = distance(embeddings[anchor]!, embeddings[positive]!, batch.distance);
  const counts = { hard: 0, semiHard: 0, easy: 0, total: 0 };
  let ambiguous = 0;
  labels.forEach((y, n) => {
    if (y === labels[anchor]) return;
    const an = distance(embeddings[anchor]!, embeddings[n]!, batch.distance);
    if (Math.abs(an - ap) < 1e-9 || Math.abs(an - ap - margin) < 1e-9) ambiguous++;
    counts.total++;
    if (an < ap) counts.hard++;
    else if (an < ap + margin) counts.semiHard++;
    else counts.easy++;
  });
  for (const kind of ['hard', 'semiHard', 'easy', 'total'] as const) {
    const shown = Number(await page.getByTestId(`band-count-${kind}`).getAttribute('data-value'));
    expect(Math.abs(shown - counts[kind]), `${kind} at m = ${margin}`).toBeLessThanOrEqual(ambiguous);
  }
}

test('the margin band classes one anchor\'s negatives as a float64 recompute does, and re-classes them live as the margin is dragged while paused', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForRun();
  for (let i = 0; i < 3; i++) await lab.step();
  await expectBandMatchesRecompute(page);
  const handle = page.getByRole('slider', { name: /margin m/ });
  const before = Number(await page.getByTestId('margin-band').getAttribute('data-margin'));
  await handle.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => Number(await page.getByTestId('margin-band').getAttribute('data-margin'))).toBeCloseTo(before + 0.3, 6);
  await expectBandMatchesRecompute(page);
  // The margin moved for the run too (the next step's census uses it), with one chart marker at this step.
  expect(await page.evaluate(() => window.__lab.markers())).toEqual([{ step: 3, label: `m = ${Number((before + 0.3).toFixed(2))}` }]);
  expect(lab.consoleErrors).toEqual([]);
});
