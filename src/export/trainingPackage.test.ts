/**
 * The training package end to end: built in Node from a tiny synthetic run trained by the lab's own Trainer (wasm),
 * unzipped, then run by Debian's PyTorch. The oracle is independent: the lab's loss, census and gradient norm on the
 * golden batch against PyTorch's recomputation from the same initial weights. Tests that need torch are skipped,
 * with the reason in their name, where /usr/bin/python3 cannot import it (CI installs python3-torch with apt).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { openDataset } from '../train/datasetSource';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { collectPackageParts } from '../train/packageParts';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { RUN_LOG_COLUMNS } from './runLogExport';
import { buildTrainingPackage } from './trainingPackage';
// Runs of several ranks: asynchronous, in their own process group, stopped whole (with their stacks) past a timeout.
import { python as pythonAsync } from './testing/packageRuns';

const PYTHON = '/usr/bin/python3';
const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const NO_TORCH = `skipped: ${PYTHON} cannot import torch (apt-get install -y python3-torch)`;

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 5,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 5 },
  P: 4,
  K: 3,
};

/** Builds the package of a fresh run with `settings` and unzips it into a temporary folder. */
async function exportRun(settings: TrainerSettings): Promise<{ dir: string; lab: { loss: number; gradNorm: number } }> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 12, imagesPerIdentity: 4, resolution: 32, seed: 3 } }, 1);
  const parts = await collectPackageParts(settings, data);
  const { golden } = parts;
  const zip = buildTrainingPackage(parts);
  const dir = mkdtempSync(join(tmpdir(), 'triplet-package-'));
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, lab: { loss: golden.loss, gradNorm: golden.gradNorm } };
}

const python = (dir: string, args: string[]) => spawnSync(PYTHON, ['train.py', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });

describe('the PyTorch training package', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('holds train.py, the network, the weights in torch layout, the data and the golden batch', async () => {
    const { dir } = await exportRun(SETTINGS);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const index = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as { tfjs: string; torch: string; shape: number[]; length: number }[];
    expect(manifest.preprocessing).toMatchObject({ size: 32, channels: 3 });
    expect(manifest.golden.labels).toHaveLength(12);
    expect(index.find((e) => e.tfjs === 'stem_conv/kernel')).toMatchObject({ torch: 'layers.stem_conv.weight', shape: [8, 3, 3, 3] });
    expect(index.find((e) => e.tfjs === 'embedding/kernel')).toMatchObject({ torch: 'layers.embedding.weight', shape: [16, 32] });
    expect(index.find((e) => e.tfjs === 'stem_bn/moving_variance')?.torch).toBe('layers.stem_bn.running_var');
    const floats = index.reduce((s, e) => s + e.length, 0);
    expect(readFileSync(join(dir, 'weights.bin')).length).toBe(4 * floats);
  }, 60_000);

  // Every loss is checked in packagedLosses.test.ts; these three are re-checked here beside the package's layout.
  for (const loss of ['batchHard', 'batchAll', 'semiHard'] as const) {
    it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}train.py --check recomputes the lab's ${loss} golden batch to 1e-4`, async () => {
      const { dir, lab } = await exportRun({ ...SETTINGS, loss });
      const run = python(dir, ['--check']);
      expect(run.stderr + run.stdout).toContain('check passed');
      expect(run.status).toBe(0);
      expect(lab.gradNorm).toBeGreaterThan(0);
    }, 120_000);
  }

  it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}a loss the package does not carry stops with a message naming it`, async () => {
    const { dir } = await exportRun(SETTINGS);
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.trainer.loss = 'tripletCenter';
    writeFileSync(path, JSON.stringify(manifest));
    const run = python(dir, ['--check']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("The loss 'tripletCenter' is not in this package");
  }, 120_000);

  it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}--check names what differs when the lab's numbers are off`, async () => {
    const { dir } = await exportRun(SETTINGS);
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.golden.gradNorm += 0.01;
    writeFileSync(path, JSON.stringify(manifest));
    const run = python(dir, ['--check']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/check FAILED.*gradient norm/);
  }, 120_000);

  it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}--check --nproc 2: two ranks, each half the batch, give the lab's global loss, census and gradient`, async () => {
    // Without batch norm, where a rank's forward does not depend on the other rank's images.
    const { dir } = await exportRun({ ...SETTINGS, loss: 'batchAll', model: { ...SETTINGS.model, batchNorm: false } });
    const run = await pythonAsync(dir, ['--check', '--nproc', '2'], ['train.py'], 100_000);
    expect(run.stdout, run.stderr).toContain('on 2 process(es) matches the lab');
    expect(run.status).toBe(0);
  }, 120_000);

  it.skipIf(!HAS_TORCH)(`${HAS_TORCH ? '' : NO_TORCH + ': '}--nproc 2 trains 2 steps under DDP (gloo) and logs them`, async () => {
    const { dir } = await exportRun(SETTINGS);
    const run = await pythonAsync(dir, ['--nproc', '2', '--steps', '2'], ['train.py'], 100_000);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('weights identical across 2 ranks after 2 steps');
    const rows = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
    const header = rows[0]?.split(',') ?? [];
    expect(header.slice(0, RUN_LOG_COLUMNS.length)).toEqual(RUN_LOG_COLUMNS);
    expect(rows).toHaveLength(3);
    const col = (name: string) => header.indexOf(name);
    for (const row of rows.slice(1)) {
      const cells = row.split(',').map(Number);
      expect(Number.isFinite(cells[col('loss')])).toBe(true);
      // The global batch is P × K = 12 images over both ranks: Σ_a (K − 1)(B − K) = 12 · 2 · 9.
      expect(cells[col('population_total')]).toBe(216);
      const [hard, semi, easy] = ['hard', 'semiHard', 'easy'].map((k) => cells[col(`population_${k}`)] ?? 0);
      expect((hard ?? 0) + (semi ?? 0) + (easy ?? 0)).toBe(216);
    }
  }, 180_000);
});
