import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { createSyntheticFaces } from '../src/data/synthetic/syntheticFaces';
import { DEFAULT_CONFIG } from '../src/state/config';
import { openDataset } from '../src/train/datasetSource';
import { LabPage } from './labPage';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/** Clicks `testId` and returns the next `count` downloads with their bytes. */
async function downloads(
  page: Page,
  testId: string,
  count = 1,
): Promise<{ name: string; bytes: Uint8Array; path: string }[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const onDownload = (d: Download) => {
      got.push(d);
      if (got.length === count) {
        page.off('download', onDownload);
        resolve();
      }
    };
    page.on('download', onDownload);
  });
  await page.getByTestId(testId).click();
  // A missing download fails here with a count, not as a silent hang until the test's own timeout.
  await Promise.race([
    all,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${testId}: ${got.length} of ${count} downloads after 60 s`)), 60_000),
    ),
  ]);
  return Promise.all(
    got.map(async (d) => {
      const path = await d.path();
      return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)), path };
    }),
  );
}

const rowsOf = (tsv: string): string[] => tsv.replace(/\n$/, '').split('\n');

test.describe('export', () => {
  test('projector files, model files that reproduce the embeddings, run log, charts, script', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await lab.trainAtLeast(10);
    await lab.show('export');
    const steps = (await page.evaluate(() => window.__lab.training())).step;

    // The validation split the worker uses: 20% of 200 identities, 10 images each.
    if (DEFAULT_CONFIG.dataset.kind !== 'synthetic') throw new Error('the default dataset is the synthetic faces');
    const settings = DEFAULT_CONFIG.dataset.settings;
    const validation = (await openDataset(DEFAULT_CONFIG.dataset, DEFAULT_CONFIG.trainer.seed)).validation;
    expect(validation.ids.length).toBe(40);
    const n = validation.ids.length * settings.imagesPerIdentity;
    expect(validation.images.length).toBe(n);

    // Embedding Projector files, as one zip.
    const [zip] = await downloads(page, 'projector-zip');
    expect(zip!.name).toMatch(/^projector-validation-step\d+\.zip$/);
    const files = unzipSync(zip!.bytes);
    expect(Object.keys(files).sort()).toEqual(['metadata.tsv', 'projector_config.json', 'sprite.png', 'vectors.tsv']);
    const vectors = rowsOf(text(files['vectors.tsv']!)).map((line) => line.split('\t').map(Number));
    expect(vectors).toHaveLength(n);
    const dim = DEFAULT_CONFIG.trainer.model.embeddingDim;
    for (const v of vectors) {
      expect(v).toHaveLength(dim);
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-5); // unit rows
    }
    const metadata = rowsOf(text(files['metadata.tsv']!));
    expect(metadata[0]).toBe('identity\tname\tfile');
    expect(metadata).toHaveLength(n + 1);
    const imageOf = metadata.slice(1).map((row) => {
      const [identity, name, file] = row.split('\t');
      expect(name).toBe(`identity ${identity}`); // the synthetic faces have no names
      const match = /^identity_(\d+)\/img_(\d+)$/.exec(file!);
      expect(match?.[1]).toBe(identity);
      return Number(identity) * settings.imagesPerIdentity + Number(match![2]);
    });
    expect(imageOf).toEqual([...validation.images]);
    const config = JSON.parse(text(files['projector_config.json']!)) as {
      embeddings: {
        tensorShape: number[];
        tensorPath: string;
        metadataPath: string;
        sprite: { imagePath: string; singleImageDim: number[] };
      }[];
    };
    expect(config.embeddings).toHaveLength(1);
    expect(config.embeddings[0]).toMatchObject({
      tensorShape: [n, dim],
      tensorPath: 'vectors.tsv',
      metadataPath: 'metadata.tsv',
      sprite: { imagePath: 'sprite.png', singleImageDim: [32, 32] },
    });
    expect([...files['sprite.png']!.subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    // 20 × 20 cells of 32 px: the PNG header says 640 × 640.
    const png = new DataView(files['sprite.png']!.buffer, files['sprite.png']!.byteOffset);
    expect([png.getUint32(16), png.getUint32(20)]).toEqual([640, 640]);
    // The same files one by one.
    const [single] = await downloads(page, 'projector-file-vectors.tsv');
    expect(single!.name).toBe('vectors.tsv');
    expect(text(single!.bytes)).toBe(text(files['vectors.tsv']!));

    // The model as model.json + weights.bin; in Node (cpu backend) it reproduces the lab's embeddings.
    const model = await downloads(page, 'model-download', 2);
    const json = model.find((d) => d.name === 'model.json')!;
    const weights = model.find((d) => d.name === 'weights.bin')!;
    const modelJson = JSON.parse(text(json.bytes)) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    expect(modelJson.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
    await tf.setBackend('cpu');
    const net = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]!.weights,
        weightData: weights.bytes.slice().buffer,
      }),
    );
    const faces = createSyntheticFaces(settings);
    const probe = [0, 1, 17, 200, n - 1];
    const bytes = settings.resolution * settings.resolution * settings.channels;
    const pixels = new Float32Array(probe.length * bytes);
    probe.forEach((row, i) =>
      faces.render(validation.images[row]!).forEach((v, j) => (pixels[i * bytes + j] = v / 255)),
    );
    const node = tf.tidy(() => {
      const raw = net.predict(
        tf.tensor4d(pixels, [probe.length, settings.resolution, settings.resolution, settings.channels]),
      ) as tf.Tensor2D;
      return raw.div(raw.norm('euclidean', 1, true)).arraySync() as number[][];
    });
    net.dispose();
    let maxDiff = 0;
    probe.forEach((row, i) =>
      node[i]!.forEach((v, d) => (maxDiff = Math.max(maxDiff, Math.abs(v - vectors[row]![d]!)))),
    );
    expect(maxDiff).toBeLessThan(1e-4);

    // The page loads the same two files back, in the model-check worker (the page itself runs no tfjs).
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    const pick = (weightBytes: Buffer) =>
      page.getByTestId('model-reload').setInputFiles([
        { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(json.path) },
        { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weightBytes },
      ]);
    await pick(readFileSync(weights.path));
    await expect(page.getByTestId('model-reload-result')).toContainText(`output D = ${dim}`);
    await expect(page.getByTestId('model-reload-result')).toContainText(`input B×32×32×3`);
    expect(workers.filter((w) => /\/modelCheckWorker[^/]*\.js$/.test(w))).toHaveLength(1);
    // Truncated weights: the worker's refusal reaches the page with both sizes.
    await pick(readFileSync(weights.path).subarray(0, 64));
    await expect(page.getByTestId('model-reload-result')).toHaveText(
      `Could not load: The weight files hold 64 bytes, but model.json's weights need ${weights.bytes.length}.`,
    );

    // The run log: one CSV row per step, and JSON with the configuration.
    const [csv] = await downloads(page, 'runlog-csv');
    const lines = rowsOf(text(csv!.bytes));
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['step', 'loss']);
    expect(lines).toHaveLength(steps + 1);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    const losses = await page.evaluate(() => window.__lab.history().map((r) => r.loss));
    expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(losses);
    const [log] = await downloads(page, 'runlog-json');
    const parsed = JSON.parse(text(log!.bytes)) as { config: typeof DEFAULT_CONFIG; rows: unknown[] };
    expect(parsed.config.trainer.loss).toBe('batchHard');
    expect(parsed.rows).toHaveLength(steps);

    // Every chart as a PNG through Plotly, and the camera button of one chart; nothing leaves the origin.
    // Charts draw once Plotly has loaded (on first use): wait until the run's curves, drawn from its history, are
    // drawn. The button saves the charts drawn when it is clicked and says how many: that count lies between the
    // page's before and after the click, and that many PNGs arrive.
    for (const id of ['chart-loss', 'chart-scalars']) await page.locator(`[data-testid="${id}"].js-plotly-plot`).waitFor({ state: 'attached' });
    const drawnBefore = await page.locator('.js-plotly-plot').count();
    const saved: Download[] = [];
    const onDownload = (d: Download) => saved.push(d);
    page.on('download', onDownload);
    await page.getByTestId('charts-png').click();
    const said = page.locator('.export-section', { has: page.getByTestId('charts-png') }).getByRole('status');
    await expect(said).toHaveText(/^Saved \d+ charts?\.$/, { timeout: 60_000 });
    const charts = Number(/\d+/.exec((await said.textContent())!)![0]);
    await expect.poll(() => saved.length, { timeout: 60_000 }).toBe(charts);
    page.off('download', onDownload);
    expect(charts).toBeGreaterThanOrEqual(Math.max(drawnBefore, 2));
    expect(charts).toBeLessThanOrEqual(await page.locator('.js-plotly-plot').count());
    for (const d of saved) {
      expect(d.suggestedFilename()).toMatch(/\.png$/);
      expect([...new Uint8Array(readFileSync(await d.path())).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    }
    expect(new Set(saved.map((d) => d.suggestedFilename())).size).toBe(charts);
    // The camera button of a chart in view: the lesson view's first.
    await lab.show('train');
    const chart = page.locator('[data-workspace="train"] .js-plotly-plot').first();
    await chart.hover({ force: true });
    const cameraDownload = page.waitForEvent('download');
    await chart
      .locator('.modebar-btn[data-title="Download plot as a PNG"], .modebar-btn[data-title="Download plot as a png"]')
      .first()
      .click({ force: true });
    expect([...new Uint8Array(readFileSync(await (await cameraDownload).path())).subarray(0, 4)]).toEqual(
      PNG_SIGNATURE,
    );

    await lab.show('export');
    // The PyTorch script names the PML pieces of the configuration.
    const [script] = await downloads(page, 'python-download');
    expect(script!.name).toBe('triplet_lab_batchHard_seed1.py');
    expect(text(script!.bytes)).toContain('miners.BatchHardMiner(distance=distance)');

    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  });
});

test.describe('keyboard shortcuts', () => {
  test('s steps, space plays and pauses, r resets and u undoes it, ? opens a trapped help dialog', async ({
    page,
  }) => {
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForRun();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('s');
    await page.waitForFunction(() => window.__lab.training().step === 1);

    // Typing into a field is not a shortcut.
    await page.locator('#P').focus();
    await page.keyboard.press('s');
    await page.locator('#P').blur();
    expect((await page.evaluate(() => window.__lab.training())).step).toBe(1);

    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__lab.training().status === 'running');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__lab.training().status === 'paused');

    const steps = (await page.evaluate(() => window.__lab.training())).step;
    await page.keyboard.press('r');
    await page.waitForFunction(() => window.__lab.training().step === 0);
    await page.keyboard.press('u');
    await page.waitForFunction((n) => window.__lab.training().step === n, steps);
    await page.keyboard.press('r');
    await page.waitForFunction(() => window.__lab.training().step === 0);

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    // Shortcuts are off while the dialog is open.
    await page.keyboard.press('s');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect((await page.evaluate(() => window.__lab.training())).step).toBe(0);
    expect(lab.consoleErrors).toEqual([]);
  });
});
