/**
 * The training package's learning-rate schedules and weight decay against the lab's (issue 15). Oracles: the lab's
 * learningRateAt (train/learningRate.ts) for sampler.py's learning_rate_at and for the rate train.py logs at each
 * step; the lab's own optimizers (train/optimizers.ts, tfjs) for train.py's make_optimizer, fed the same gradients
 * at the same scheduled rates with weight decay. Skipped, with the reason in the name, where /usr/bin/python3 cannot
 * import torch.
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
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { openDataset } from '../train/datasetSource';
import { learningRateAt, type LearningRateSchedule } from '../train/learningRate';
import { Optimizers } from '../train/optimizers';
import { collectPackageParts } from '../train/packageParts';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { buildTrainingPackage } from './trainingPackage';

const PYTHON = '/usr/bin/python3';
const HAS_TORCH = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
const SKIP = HAS_TORCH ? '' : `skipped: ${PYTHON} cannot import torch (apt-get install -y python3-torch): `;

const SCHEDULE: LearningRateSchedule = { kind: 'exponential', start: 2, end: 5, warmup: 2 };
const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 13,
  loss: 'batchHard',
  learningRate: 0.01,
  schedule: SCHEDULE,
  weightDecay: 0.01,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 13, batchNorm: false },
  P: 4,
  K: 3,
};

async function exportRun(settings: TrainerSettings): Promise<string> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 12, imagesPerIdentity: 4, resolution: 32, seed: 3 } }, 1);
  const dir = mkdtempSync(join(tmpdir(), 'triplet-schedule-'));
  for (const [name, bytes] of Object.entries(unzipSync(buildTrainingPackage(await collectPackageParts(settings, data))))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

const python = (dir: string, args: string[]) => spawnSync(PYTHON, args, { cwd: dir, encoding: 'utf8', timeout: 300_000 });
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

describe.skipIf(!HAS_TORCH)("the training package's schedules and weight decay", () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    dir = await exportRun(SETTINGS);
  }, 120_000);

  it(`${SKIP}learning_rate_at equals the lab's learningRateAt for every schedule, with warm-up, over 30 steps`, () => {
    const schedules: LearningRateSchedule[] = [
      { kind: 'constant', start: 5, end: 20, warmup: 3 },
      { kind: 'exponential', start: 5, end: 20, warmup: 3 },
      { kind: 'cosine', start: 5, end: 20, warmup: 3 },
      { kind: 'cosine', start: 7, end: 7, warmup: 0 },
    ];
    const script = `import json, sampler\nS = json.loads(${JSON.stringify(JSON.stringify(schedules))})\nprint(json.dumps([[sampler.learning_rate_at(s, 0.1, t) for t in range(30)] for s in S]))`;
    const run = python(dir, ['-c', script]);
    expect(run.status, run.stderr).toBe(0);
    const rates = JSON.parse(run.stdout) as number[][];
    schedules.forEach((s, i) => {
      for (let t = 0; t < 30; t++) expect(relative(rates[i]?.[t] as number, learningRateAt(s, 0.1, t)), `${s.kind} step ${t}`).toBeLessThan(1e-12);
    });
  });

  it(`${SKIP}train.py trains at the scheduled rate: log.csv's learningRate is the lab's at each of 6 steps`, () => {
    const run = python(dir, ['train.py', '--steps', '6', '--checkpoint-every', '100', '--cpu']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const [head, ...lines] = readFileSync(join(dir, 'log.csv'), 'utf8').trim().split('\n');
    const column = head?.split(',').indexOf('learningRate') ?? -1;
    expect(column).toBeGreaterThan(0);
    const logged = lines.map((line) => Number(line.split(',')[column]));
    expect(logged).toHaveLength(6);
    // warm-up 0.005, 0.01; then 0.01 · 0.001^((t − 2)/3)
    logged.forEach((lr, t) => expect(relative(lr, learningRateAt(SCHEDULE, SETTINGS.learningRate, t)), `step ${t}`).toBeLessThan(1e-7));
  });

  for (const optimizer of ['sgdMomentum', 'adam'] as const) {
    it(`${SKIP}${optimizer} with weight decay: make_optimizer's 4 scheduled updates equal the lab's optimizer's to 1e-6`, () => {
      const w0 = Array.from({ length: 6 }, (_, i) => Math.sin(i + 1));
      const grads = Array.from({ length: 4 }, (_, s) => Array.from({ length: 6 }, (_, i) => Math.cos(3 * s + i) * 0.5));
      const rates = grads.map((_, t) => learningRateAt(SCHEDULE, SETTINGS.learningRate, t));
      const settings = { ...SETTINGS, optimizer };
      const baseline = tf.memory().numTensors;
      const w = tf.tidy(() => tf.variable(tf.tensor(w0, [2, 3]), true, `packageSchedule_${optimizer}`));
      const optimizers = new Optimizers(settings, null);
      for (const [t, g] of grads.entries()) {
        optimizers.setLearningRate(rates[t] as number);
        tf.tidy(() => optimizers.apply({ [w.name]: tf.tensor(g, [2, 3]) }, settings.weightDecay));
      }
      const lab = Array.from(w.dataSync());
      optimizers.dispose();
      w.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
      const script = `import json, torch, train
trainer = dict(json.load(open("manifest.json"))["trainer"], optimizer="${optimizer}")
w = torch.nn.Parameter(torch.tensor(${JSON.stringify(w0)}).reshape(2, 3))
opt = train.make_optimizer([w], trainer)
for g, lr in zip(${JSON.stringify(grads)}, ${JSON.stringify(rates)}):
    for group in opt.param_groups:
        group["lr"] = lr
    w.grad = torch.tensor(g).reshape(2, 3)
    opt.step()
print(json.dumps(w.detach().reshape(-1).tolist()))`;
      const run = python(dir, ['-c', script]);
      expect(run.status, run.stderr).toBe(0);
      const torchW = JSON.parse(run.stdout) as number[];
      // The updates moved the weights (decay included): a no-op optimizer on either side would fail here.
      expect(Math.max(...torchW.map((v, i) => Math.abs(v - (w0[i] as number))))).toBeGreaterThan(1e-3);
      torchW.forEach((v, i) => expect(Math.abs(v - (lab[i] as number)), `weight ${i}`).toBeLessThan(1e-6));
    });
  }
});
