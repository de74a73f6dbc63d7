import type { Page, Request } from '@playwright/test';
import type { LabHook } from '../src/testHook';

/** Page object: opens the lab and reads its state through `window.__lab`, never by scraping text. */
export class LabPage {
  readonly consoleErrors: string[] = [];
  readonly foreignRequests: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      const own = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      if (!own && !['data:', 'blob:'].includes(url.protocol)) this.foreignRequests.push(request.url());
    });
  }

  /** Loads the lab afresh (a new page load even when only the hash differs from the current address). */
  async open(query = ''): Promise<void> {
    if (this.page.url().startsWith('http')) await this.page.goto('about:blank');
    await this.page.goto(`/${query}`);
    await this.page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 120_000 });
  }

  /** Waits until the run is configured (the Play button is enabled). */
  async waitForRun(): Promise<void> {
    await this.page.getByTestId('play').and(this.page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }

  /**
   * Waits until the page's start-up is over: the run is configured, then Plotly (loaded once Play is ready) has been
   * fetched, evaluated and warmed up, which are long tasks of their own, and 2 s pass without a long task. For specs
   * that count the long tasks of what they do next.
   */
  async waitForSettled(): Promise<void> {
    await this.waitForRun();
    await this.page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('plotly')), null, {
      timeout: 60_000,
    });
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let last = performance.now();
          new PerformanceObserver(() => (last = performance.now())).observe({ type: 'longtask' });
          const check = () => (performance.now() - last > 2000 ? resolve() : setTimeout(check, 250));
          check();
        }),
    );
  }

  /** One training step through the Step button; resolves with the new step once the hook shows it. */
  async step(): Promise<number> {
    const before = await this.page.evaluate(() => window.__lab.training().step);
    await this.page.getByTestId('step').click();
    await this.page.waitForFunction((s) => window.__lab.training().step === s + 1, before, { timeout: 120_000 });
    return before + 1;
  }

  /** Pauses a running run and waits until it is paused. */
  async pause(): Promise<void> {
    // force: the training panel re-renders as steps land, so on a busy page it may never count as "stable".
    await this.page.getByTestId('pause').click({ force: true });
    await this.page.waitForFunction(() => window.__lab.training().status === 'paused');
  }

  /** Plays until at least `steps` steps are done, then pauses; resolves with the step it paused at. */
  async trainAtLeast(steps: number): Promise<number> {
    await this.page.getByTestId('play').click();
    await this.page.waitForFunction((n) => window.__lab.training().step >= n, steps, { timeout: 120_000 });
    await this.pause();
    return this.page.evaluate(() => window.__lab.training().step);
  }

  /** Switches to a workspace through its tab and waits until it shows. */
  async show(workspace: 'train' | 'data' | 'clustering' | 'evaluate' | 'compare' | 'export'): Promise<void> {
    await this.page.getByTestId(`tab-${workspace}`).click();
    await this.page.locator(`[data-workspace="${workspace}"]`).waitFor({ state: 'visible' });
  }

  backend(): Promise<ReturnType<LabHook['backend']>> {
    return this.page.evaluate(() => window.__lab.backend());
  }
}
