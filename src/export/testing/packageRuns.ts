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

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs train.py (or, with `script`, another Python file or `-c` code) in `dir`. It runs in its own process group, so a
 * run past `timeoutMs` is stopped with every rank it spawned (their pipes would keep the run open otherwise): first by
 * SIGABRT, which makes each process print where it stood (PYTHONFAULTHANDLER), then by SIGKILL; the answer has status
 * null and those stacks in stderr, well inside the callers' own timeouts.
 */
export function python(dir: string, args: string[], script: string[] = ['train.py'], timeoutMs = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [...script, ...args], { cwd: dir, detached: true, env: { ...process.env, PYTHONFAULTHANDLER: '1' } });
    let stdout = '';
    let stderr = '';
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stderr += `\n(stopped by the test after ${timeoutMs / 1000} s: python ${[...script, ...args].join(' ')})\n`;
      signal('SIGABRT');
      setTimeout(() => signal('SIGKILL'), 3_000).unref();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** log.csv as rows of named cells. */
export function readLog(dir: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
  const names = head?.split(',') ?? [];
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i] ?? '', cell])));
}

export const COUNTS = ['easy', 'semiHard', 'hard', 'total'] as const;
