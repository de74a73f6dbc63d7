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

/** The smallest font size (px) of the chart text in the lesson view: every non-empty SVG text drawn (Plotly's, the band's). */
async function smallestChartText(page: Page): Promise<{ px: number; text: string; count: number }> {
  return page.evaluate(() => {
    let smallest = { px: Infinity, text: '', count: 0 };
    for (const t of document.querySelectorAll<SVGTextElement>('[data-testid="lesson-view"] svg text')) {
      const box = t.getBoundingClientRect();
      if (!t.textContent?.trim() || box.width === 0 || box.height === 0) continue;
      const px = parseFloat(getComputedStyle(t).fontSize);
      const where = t.closest('[data-testid]')?.getAttribute('data-testid') ?? '?';
      smallest = { px: Math.min(px, smallest.px), text: px < smallest.px ? `${where}: ${t.textContent}` : smallest.text, count: smallest.count + 1 };
    }
    return smallest;
  });
}

/** The loss chart's background and title colour as drawn, beside the colours of the panel it sits in. */
async function chartColours(page: Page): Promise<{ chart: [string, string]; panel: [string, string] }> {
  return page.evaluate(() => {
    const chart = document.querySelector('[data-testid="chart-loss"]')!;
    const panel = getComputedStyle(chart.closest('.panel')!);
    return {
      chart: [getComputedStyle(chart.querySelector('.main-svg')!).backgroundColor, getComputedStyle(chart.querySelector('.gtitle')!).fill],
      panel: [panel.backgroundColor, panel.color],
    };
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`presentation mode (${scheme}) at 1920×1080: the header button turns it on without restarting the run, chart text is at least 20 px and the lesson view still fits`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: scheme });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await page.getByTestId('play').click();
    await page.waitForFunction(() => window.__lab.training().step >= 3, null, { timeout: 120_000 });
    // The same charts in the normal mode first: the sizes below are the mode's doing.
    await expect.poll(async () => (await smallestChartText(page)).px).toBe(12);
    const firstLoss = await page.evaluate(() => window.__lab.history()[0]!.loss);

    // A keyboard press on the header button.
    const toggle = page.getByRole('button', { name: 'Presentation mode' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(await page.evaluate(() => location.hash)).toMatch(/(^#|&)present(&|$)/);
    const stepThen = await page.evaluate(() => window.__lab.training().step);

    // Every chart redraws with the large type.
    await expect
      .poll(async () => {
        const s = await smallestChartText(page);
        return s.px >= 20 ? 'all ≥ 20 px' : `${s.px} px: "${s.text}"`;
      }, { timeout: 30_000 })
      .toBe('all ≥ 20 px');
    const sizes = await smallestChartText(page);
    expect(sizes.count, 'chart texts measured').toBeGreaterThan(40);
    // Drawn in the theme's colours: the chart's background and text are its panel's.
    const colours = await chartColours(page);
    expect(colours.chart).toEqual(colours.panel);
    expect(colours.panel[0]).toBe(scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)');

    // The same run goes on: no question asked, the history kept, steps counting on.
    await page.waitForFunction((s) => window.__lab.training().step >= s + 2, stepThen, { timeout: 120_000 });
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => window.__lab.history()[0]!.loss)).toBe(firstLoss);
    expect(await page.evaluate(() => window.__lab.training().status)).toBe('running');

    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await outsideViewport(page)).toEqual([]);
    await toggle.blur(); // no focus ring in the README's picture
    await page.screenshot({ path: test.info().outputPath('presentation.png') });
    if (scheme === 'light') await page.screenshot({ path: 'docs/presentation-mode.png' });

    // The mode stays on across workspaces, and turns off again.
    await lab.show('evaluate');
    expect(await page.evaluate(() => location.hash)).toMatch(/(^#|&)present(&|$)/);
    await expect(page.locator('html')).toHaveAttribute('data-present', '');
    await lab.show('train');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('html')).not.toHaveAttribute('data-present');
    await expect.poll(async () => (await smallestChartText(page)).px, { timeout: 30_000 }).toBe(12);
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
