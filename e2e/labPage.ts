import type { Page, Request } from '@playwright/test';
import type { LabHook } from '../src/state/labHook';

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

  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.page.waitForFunction(() => window.__lab?.backend() !== null, null, { timeout: 120_000 });
  }

  /** Waits until the run is configured (the Play button is enabled). */
  async waitForRun(): Promise<void> {
    await this.page.getByTestId('play').and(this.page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }

  backend(): Promise<ReturnType<LabHook['backend']>> {
    return this.page.evaluate(() => window.__lab.backend());
  }
}
