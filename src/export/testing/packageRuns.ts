/**
 * For the tests that run the training package's train.py (single process and DDP): the package of a fresh run on a
 * tiny synthetic set (12 identities × 4 images, 32 px) unzipped into a temporary folder, copies of it, train.py run
 * asynchronously (several at once: CI has two cores) and its log.csv read back. The caller sets the tfjs backend.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { SYNTHETIC_DEFAULTS } from '../../data/synthetic/syntheticFaces';
import { openDataset } from '../../train/datasetSource';
import { collectPackageParts } from '../../train/packageParts';
import type { TrainerSettings } from '../../train/settings';
import { buildTrainingPackage } from '../trainingPackage';

export const PYTHON = '/usr/bin/python3';
export const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
/** A prefix for test names: the reason they are skipped, or nothing. */
export const SKIP = HAS_TORCH ? '' : `skipped: ${PYTHON} cannot import torch (apt-get install -y python3-torch): `;

/** The package of a fresh run with `settings`, unzipped; returns its folder. */
export async function exportRun(settings: TrainerSettings): Promise<string> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 12, imagesPerIdentity: 4, resolution: 32, seed: 3 } }, 1);
  const zip = buildTrainingPackage(await collectPackageParts(settings, data));
  const dir = mkdtempSync(join(tmpdir(), 'triplet-runs-'));
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

export const copyOf = (dir: string): string => {
  const copy = mkdtempSync(join(tmpdir(), 'triplet-runs-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
};

/** A random port for the ranks' rendezvous, so runs at once do not collide. */
export const port = () => String(29_000 + Math.floor(Math.random() * 2_000));

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs train.py (or, with `script`, another Python file or `-c` code) in `dir`. */
export function python(dir: string, args: string[], script: string[] = ['train.py']): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [...script, ...args], { cwd: dir, timeout: 600_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** log.csv as rows of named cells. */
export function readLog(dir: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
  const names = head?.split(',') ?? [];
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i] ?? '', cell])));
}

export const COUNTS = ['easy', 'semiHard', 'hard', 'total'] as const;
