/**
 * Scale-out bench (issue 15): ms per step at FaceNet's global batch, B = 1,800 (150 identities × 12 images), of the
 * training package's train.py on CPU (PyTorch, one process) against the lab's Trainer on wasm in Node, the same tiny
 * network, loss and images. The census and the batch-all terms are O(B²) in both (B × B distances, no B³ tensor).
 * Skipped, with the reason, where /usr/bin/python3 cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { TrainerSettings } from '../src/train/settings';
import type { BenchRow } from './row.ts';

const PYTHON = '/usr/bin/python3';
const STEPS = 4;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const CASE = 'train.py (PyTorch, CPU, 1 process) vs the lab (wasm, Node), batch-all, B = 1,800, tiny model, 32×32×3';

export async function run(): Promise<BenchRow[]> {
  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0)
    return [{ area: 'torch', case: CASE, ratio: Number.NaN, unit: '× (lab ms / PyTorch ms)', note: `skipped: ${PYTHON} cannot import torch` }];
  // The lab's modules are imported after the hooks for Vite's `?raw` and virtual imports are in place.
  register('./rawImports.mjs', import.meta.url);
  const { buildTrainingPackage } = await import('../src/export/trainingPackage');
  const { collectPackageParts } = await import('../src/train/packageParts');
  const { SYNTHETIC_DEFAULTS } = await import('../src/data/synthetic/syntheticFaces');
  const { registerConvGradientKernels } = await import('../src/train/convGradientKernels');
  const { openDataset } = await import('../src/train/datasetSource');
  const { DEFAULT_TRAINER_SETTINGS } = await import('../src/train/settings');
  const { Trainer } = await import('../src/train/trainer');
  const SETTINGS: TrainerSettings = { ...DEFAULT_TRAINER_SETTINGS, loss: 'batchAll', P: 150, K: 12 };
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvGradientKernels('wasm');
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 200, imagesPerIdentity: 12, resolution: 32, seed: 3 } }, 1);
  const model = { ...SETTINGS.model, inputSize: data.source.size, channels: data.source.channels };
  const settings = { ...SETTINGS, model };

  const trainer = new Trainer(settings, data.source, { train: data.train });
  await trainer.trainStep(); // warm-up: kernels compiled, images rendered
  const lab: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const start = performance.now();
    await trainer.trainStep();
    lab.push(performance.now() - start);
  }
  trainer.dispose();

  const dir = mkdtempSync(join(tmpdir(), 'triplet-bench-'));
  for (const [name, bytes] of Object.entries(unzipSync(buildTrainingPackage(await collectPackageParts(settings, data))))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const ran = spawnSync(PYTHON, ['train.py', '--cpu', '--steps', String(STEPS + 1), '--checkpoint-every', '1000'], { cwd: dir, encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`train.py failed: ${ran.stderr}`);
  const [head, ...rows] = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
  const column = (head ?? '').split(',').indexOf('msPerStep');
  const torch = rows.slice(1).map((r) => Number(r.split(',')[column]));
  await tf.setBackend('cpu');
  return [
    {
      area: 'torch',
      case: CASE,
      ratio: median(lab) / median(torch),
      unit: '× (lab ms / PyTorch ms)',
      note: `lab ${median(lab).toFixed(0)} ms/step, PyTorch ${median(torch).toFixed(0)} ms/step (medians of ${STEPS} after a warm-up step)`,
    },
  ];
}
