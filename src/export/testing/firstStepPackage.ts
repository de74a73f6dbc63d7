/**
 * For the tests of the training package: the first step of a fresh run, trained by the lab's own Trainer on a tiny
 * synthetic set (12 identities × 4 images, 32 px), exported and unzipped into a temporary folder, and Debian's
 * PyTorch to run it. The caller sets the tfjs backend (wasm, with the conv gradient kernels).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { SYNTHETIC_DEFAULTS } from '../../data/synthetic/syntheticFaces';
import { openDataset } from '../../train/datasetSource';
import { collectPackageParts } from '../../train/packageParts';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../../train/settings';
import { buildTrainingPackage } from '../trainingPackage';

export const PYTHON = '/usr/bin/python3';
export const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
export const NO_TORCH = `skipped: ${PYTHON} cannot import torch (apt-get install -y python3-torch)`;

/** A small LuNet run: 16-d embeddings, P = 4 identities × K = 3 images. */
export const SMALL_RUN: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 5,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 5 },
  P: 4,
  K: 3,
};

/** Trains the first step of a fresh run with `settings`, exports it and unzips the package into a new folder. */
export async function exportFirstStep(settings: TrainerSettings): Promise<{ dir: string; loss: number; gradNorm: number }> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 12, imagesPerIdentity: 4, resolution: 32, seed: 3 } }, 1);
  const parts = await collectPackageParts(settings, data);
  const { golden } = parts;
  const zip = buildTrainingPackage(parts);
  const dir = mkdtempSync(join(tmpdir(), 'triplet-loss-package-'));
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, loss: golden.loss, gradNorm: golden.gradNorm };
}

/** `python3 train.py --check` in an unzipped package. */
export function runCheck(dir: string): SpawnSyncReturns<string> {
  return spawnSync(PYTHON, ['train.py', '--check'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}
