/**
 * The training package of an augmented run (issue 15): the golden batch is measured with augmentation off (train.py
 * --check cannot draw tfjs's random transforms), so it equals the golden batch of the same run without augmentation;
 * train.py augments when it trains. augment.py's geometric map is checked against torch's exact flip and transpose.
 * Oracles: the unaugmented run's golden loss, torch.flip / transpose. Skipped, with the reason in the name, where
 * /usr/bin/python3 cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUGMENTATION_PRESETS, NO_AUGMENTATION } from '../data/augmentation';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { openDataset } from '../train/datasetSource';
import { collectPackageParts } from '../train/packageParts';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { buildTrainingPackage } from './trainingPackage';

const PYTHON = '/usr/bin/python3';
const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const SKIP = HAS_TORCH ? '' : `skipped: ${PYTHON} cannot import torch (apt-get install -y python3-torch): `;

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 11,
  loss: 'batchHard',
  augmentation: AUGMENTATION_PRESETS.strong,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 11, batchNorm: false },
  P: 4,
  K: 3,
};

async function exportRun(settings: TrainerSettings): Promise<{ dir: string; loss: number }> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 12, imagesPerIdentity: 4, resolution: 32, seed: 3 } }, 1);
  const parts = await collectPackageParts(settings, data);
  const dir = mkdtempSync(join(tmpdir(), 'triplet-augment-'));
  for (const [name, bytes] of Object.entries(unzipSync(buildTrainingPackage(parts)))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, loss: parts.golden.loss };
}

const python = (dir: string, args: string[]) => spawnSync(PYTHON, args, { cwd: dir, encoding: 'utf8', timeout: 300_000 });

/** augment.py with every transform off but the flip, its draws forced; prints max |difference| against torch's own. */
const GEOMETRY = `
import random, torch, augment
augment.CROP_SCALE, augment.FLIP, augment.ROTATION = 1, True, 0
augment.BRIGHTNESS = augment.CONTRAST = augment.GAMMA = augment.BLUR_P = augment.ERASE_P = 0
x = torch.rand(2, 8, 8, 3)
random.random = lambda: 0.0                      # flip drawn
flip = (augment.augment_batch(x) - x.flip(2)).abs().max()
random.random = lambda: 0.9                      # no flip
same = (augment.augment_batch(x) - x).abs().max()
augment.ROTATION = 90
random.uniform = lambda a, b: b                  # +90 degrees
random.random = lambda: 0.0                      # and the flip: a transpose
transpose = (augment.augment_batch(x) - x.transpose(1, 2)).abs().max()
print(float(flip), float(same), float(transpose))
`;

describe.skipIf(!HAS_TORCH)('the training package of an augmented run', () => {
  let augmented: { dir: string; loss: number };
  let plain: { dir: string; loss: number } | undefined;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    augmented = await exportRun(SETTINGS);
  }, 120_000);

  it(`${SKIP}carries the augmentation; its golden batch is the unaugmented run's, and --check passes saying so`, async () => {
    const manifest = JSON.parse(readFileSync(join(augmented.dir, 'manifest.json'), 'utf8'));
    expect(manifest.trainer.augmentation).toEqual(AUGMENTATION_PRESETS.strong);
    expect(readFileSync(join(augmented.dir, 'augment.py'), 'utf8')).toContain('AUGMENT = True');
    plain = await exportRun({ ...SETTINGS, augmentation: NO_AUGMENTATION });
    expect(augmented.loss).toBeCloseTo(plain.loss, 6);
    expect(readFileSync(join(plain.dir, 'augment.py'), 'utf8')).toContain('AUGMENT = False');
    const run = python(augmented.dir, ['train.py', '--check']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('check passed');
    expect(run.stdout).toContain('measured with augmentation off');
  }, 180_000);

  it(`${SKIP}trains 3 steps with augmentation on (the views differ from the stored images)`, () => {
    const run = python(augmented.dir, ['train.py', '--steps', '3', '--checkpoint-every', '100', '--cpu']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const rows = readFileSync(join(augmented.dir, 'log.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    const losses = [...run.stdout.matchAll(/step \d+: loss ([\d.e+-]+)/g)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(3);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    // Same initial weights, seed and sampler (train.py's own draws, not the lab's): only the augmented views make the first step's loss differ from the plain run's.
    if (!plain) throw new Error('the first test exports the plain run');
    const unaugmented = python(plain.dir, ['train.py', '--steps', '1', '--checkpoint-every', '100', '--cpu']);
    expect(unaugmented.status, unaugmented.stderr).toBe(0);
    const plainLoss = Number(/step 1: loss ([\d.e+-]+)/.exec(unaugmented.stdout)?.[1]);
    expect(Number.isFinite(plainLoss)).toBe(true);
    expect(Math.abs((losses[0] as number) - plainLoss)).toBeGreaterThan(1e-3);
    // --verify-census would embed the global batch unaugmented: refused with a reason.
    const refused = python(augmented.dir, ['train.py', '--steps', '1', '--verify-census']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('needs a run without augmentation');
  }, 180_000);

  it(`${SKIP}augment.py's affine map is exactly torch's flip, the identity, and flip + 90 degrees a transpose`, () => {
    const run = python(augmented.dir, ['-c', GEOMETRY]);
    expect(run.status, run.stderr).toBe(0);
    const [flip, same, transpose] = run.stdout.trim().split(' ').map(Number);
    expect(flip).toBeLessThan(1e-6);
    expect(same).toBeLessThan(1e-6);
    expect(transpose).toBeLessThan(1e-5);
  });
});
