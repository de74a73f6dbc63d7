/**
 * softmaxTriplet trains in the package's train.py (issue 15): the identity head is trained with the network, and
 * under DDP it lives in the wrapped module (model.py's WithIdentityHead), so its gradients are all-reduced like the
 * network's. Oracle: one process on the same global batches (the distributed P × K sampler draws the same global
 * batch on any number of ranks): after 3 SGD steps two gloo ranks hold the same head and network as one process.
 * A head trained outside DDP would get each rank's gradient of the whole global batch, W times too large.
 * Skipped, with the reason in the name, where /usr/bin/python3 cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { copyOf, COUNTS, exportRun, HAS_TORCH, python, readLog, SKIP, type Ran } from './testing/packageRuns';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 17,
  loss: 'softmaxTriplet',
  optimizer: 'sgdMomentum',
  learningRate: 0.05,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 17, batchNorm: false },
  P: 4,
  K: 3,
};

/** The checkpoint's parameters, flattened, by name; and the head's initial kernel from the manifest. */
const READ = `import json, torch
state = torch.load("checkpoint.pt")["model"]
head = json.load(open("manifest.json"))["golden"]["context"]["head"]
print(json.dumps({"params": {k: v.reshape(-1).tolist() for k, v in state.items()}, "kernel0": head["kernel"]}))`;
type Params = Record<string, number[]>;

describe.skipIf(!HAS_TORCH)('the training package trains softmaxTriplet', () => {
  const single = { dir: '', ran: null as Ran | null };
  const double = { dir: '', ran: null as Ran | null };
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    const exported = await exportRun(SETTINGS);
    single.dir = copyOf(exported);
    double.dir = copyOf(exported);
    // One after the other: CI has two cores, and the two ranks busy-wait in gloo's collectives.
    single.ran = await python(single.dir, ['--steps', '3', '--checkpoint-every', '100', '--cpu']);
    double.ran = await python(double.dir, ['--nproc', '2', '--steps', '3', '--verify-ranks', '--verify-census', '--checkpoint-every', '100', '--timeout', '60']);
  }, 600_000);

  it(`${SKIP}3 steps on one process train the identity head with the network`, async () => {
    expect(single.ran?.status, single.ran?.stderr).toBe(0);
    expect(readLog(single.dir)).toHaveLength(3);
    const read = await python(single.dir, [], ['-c', READ]);
    expect(read.status, read.stderr).toBe(0);
    const { params, kernel0 } = JSON.parse(read.stdout) as { params: Params; kernel0: number[][] };
    const kernel = params.kernel ?? [];
    const initial = kernel0.flat();
    expect(kernel).toHaveLength(initial.length);
    expect(Math.max(...kernel.map((v, i) => Math.abs(v - (initial[i] as number))))).toBeGreaterThan(1e-4);
    expect(Object.keys(params).some((k) => k.startsWith('embedder.'))).toBe(true);
  });

  it(`${SKIP}3 steps on 2 gloo ranks: weights identical across ranks, each step's census one process's, head and network equal one process's`, async () => {
    expect(double.ran?.status, double.ran?.stderr).toBe(0);
    expect(double.ran?.stdout).toContain('weights identical across 2 ranks after 3 steps');
    const rows = readLog(double.dir);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Number(row.weightSpread)).toBe(0);
      for (const k of COUNTS) expect(row[`population_${k}`], `step ${row.step} ${k}`).toBe(row[`single_${k}`]);
    }
    expect(Math.abs(Number(rows[0]?.loss) - Number(readLog(single.dir)[0]?.loss))).toBeLessThan(1e-5);
    const [a, b] = await Promise.all([single.dir, double.dir].map((dir) => python(dir, [], ['-c', READ])));
    const one = (JSON.parse(a?.stdout ?? '{}') as { params: Params }).params;
    const two = (JSON.parse(b?.stdout ?? '{}') as { params: Params }).params;
    expect(Object.keys(two).sort()).toEqual(Object.keys(one).sort());
    for (const [name, values] of Object.entries(one)) {
      const other = two[name] ?? [];
      const worst = Math.max(...values.map((v, i) => Math.abs(v - (other[i] as number))));
      expect(worst, name).toBeLessThan(1e-5);
    }
  });
});
