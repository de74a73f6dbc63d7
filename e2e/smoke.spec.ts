import { expect, test } from '@playwright/test';
import { LabPage } from './labPage';

test.describe('smoke', () => {
  test('loads with no console error and picks wasm over the software WebGPU adapter', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const backend = await lab.backend();
    expect(backend?.name).toBe('wasm');
    // This machine has no GPU: the adapter Chromium offers is SwiftShader, a fallback adapter.
    expect(backend?.adapter?.isFallbackAdapter).toBe(true);
    expect(backend?.adapter?.architecture).toMatch(/swiftshader/i);
    const webgpu = backend?.passedOver.find((p) => p.name === 'webgpu');
    expect(webgpu?.reason).toMatch(/software emulation/);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toContainText('wasm');
    await expect(badge).toContainText('no real GPU');
    // The lab opens on the lesson view; each workspace shows its panels.
    const panels = {
      train: ['training', 'census', 'inspector', 'curves', 'margin-band', 'model', 'augmentation', 'health'],
      data: ['data'],
      clustering: ['clustering'],
      evaluate: ['evaluation'],
      compare: ['compare'],
      export: ['export', 'backend'],
    } as const;
    await expect(page.getByTestId('lesson-view')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
    for (const [workspace, ids] of Object.entries(panels)) {
      await lab.show(workspace as keyof typeof panels);
      for (const id of ids) await expect(page.locator(`[data-panel="${id}"]`)).toBeVisible();
    }
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });

  for (const forced of ['webgpu', 'webgl'] as const) {
    test(`?backend=${forced} starts ${forced}`, async ({ page }) => {
      const lab = new LabPage(page);
      await lab.open(`?backend=${forced}`);
      const backend = await lab.backend();
      expect(backend?.name).toBe(forced);
      expect(backend?.reason).toContain('forced');
      await expect(page.getByTestId('backend-badge')).toContainText(forced === 'webgpu' ? 'WebGPU' : 'WebGL');
      expect(lab.consoleErrors).toEqual([]);
    });
  }

  test('works with every non-local request blocked', async ({ page }) => {
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') return route.continue();
      blocked.push(url.href);
      return route.abort();
    });
    const lab = new LabPage(page);
    await lab.open();
    expect((await lab.backend())?.name).toBe('wasm');
    expect(blocked).toEqual([]);
    expect(lab.consoleErrors).toEqual([]);
  });
});
