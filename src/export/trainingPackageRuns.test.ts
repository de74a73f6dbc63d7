/**
 * The training package's runs (issue 15): two gloo processes against one on the same global batches, trained weights
 * back in the lab (tfjs) against the script's own embeddings, and the bad inputs (an older package, a data folder
 * whose hashes differ, a rank killed mid-run) with their messages and a checkpoint that resumes. Oracles: PyTorch on
 * one process for the distributed census, PyTorch's eval-mode embeddings for the round trip, the uninterrupted run's
 * log for the resumed one. Skipped, with the reason in the name, where /usr/bin/python3 cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { copyOf, COUNTS, exportRun, HAS_TORCH, python, readLog, SKIP, type Ran } from './testing/packageRuns';

const SETTINGS: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 7,
  loss: 'batchAll',
  // SGD: Adam's first steps are about lr · sign(g), so float noise in a near-zero gradient would make one process and
  // two drift apart by lr, where SGD keeps them within rounding.
  optimizer: 'sgdMomentum',
  learningRate: 0.05,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 16, seed: 7, batchNorm: false },
  P: 4,
  K: 3,
};

describe.skipIf(!HAS_TORCH)('training package runs', () => {
  let exported = '';
  /** The same export trained 20 steps on one process and on two (gloo), side by side. */
  const single = { dir: '', ran: null as Ran | null };
  const double = { dir: '', ran: null as Ran | null };
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    exported = await exportRun(SETTINGS);
    single.dir = copyOf(exported);
    double.dir = copyOf(exported);
    [single.ran, double.ran] = await Promise.all([
      python(single.dir, ['--steps', '20', '--checkpoint-every', '100']),
      python(double.dir, ['--nproc', '2', '--steps', '20', '--verify-ranks', '--verify-census', '--checkpoint-every', '100']),
    ]);
  }, 900_000);

  it(`${SKIP}2 gloo processes for 20 steps: each step's global census is one process's on the same global batch, the ranks' censuses add up to it, weights stay identical, the loss follows one process's and falls`, () => {
    expect(single.ran?.status, single.ran?.stderr).toBe(0);
    expect(double.ran?.status, double.ran?.stderr).toBe(0);
    expect(double.ran?.stdout).toContain('weights identical across 2 ranks after 20 steps');
    const a = readLog(single.dir);
    const b = readLog(double.dir);
    expect(b).toHaveLength(20);
    let drift = 0;
    b.forEach((row, i) => {
      const reference = a[i] ?? {};
      expect(Number(row.step)).toBe(i + 1);
      for (const k of COUNTS) {
        expect(row[`population_${k}`], `step ${i + 1} ${k}`).toBe(row[`single_${k}`]);
        expect(Number(row[`rank0_${k}`]) + Number(row[`rank1_${k}`])).toBe(Number(row[`population_${k}`]));
      }
      drift += Math.abs(Number(row.loss) - Number(reference.loss)) / b.length;
      expect(Number(row.weightSpread), `step ${i + 1}`).toBe(0);
    });
    // The first step starts from the same weights on the same batch: one process's loss to rounding. After it the
    // two runs drift by rounding only (SGD), until a triplet crosses the margin and batch-all's count of non-zero
    // terms jumps, so later steps are compared on average (measured here: 1.5e-3, the first step 2e-7).
    expect(Math.abs(Number(b[0]?.loss) - Number(a[0]?.loss))).toBeLessThan(1e-5);
    expect(drift).toBeLessThan(5e-3);
    // The P × K = 12 global batch: Σ_a (K − 1)(B − K) = 12 · 2 · 9 triplets, each rank's anchors half of them.
    expect(Number(b[0]?.population_total)).toBe(216);
    expect(Number(b[0]?.rank1_total)).toBe(108);
    const mean = (rows: Record<string, string>[]) => rows.reduce((s, r) => s + Number(r.loss), 0) / rows.length;
    expect(mean(b.slice(-5))).toBeLessThan(0.9 * mean(b.slice(0, 5)));
  });

  it(`${SKIP}round trip: the script's trained weights, loaded by tfjs from its model.json + weights.bin, give its embeddings of 16 images to 1e-4`, async () => {
    // With batch norm, so its running statistics make the trip too.
    const dir = await exportRun({ ...SETTINGS, model: { ...SETTINGS.model, batchNorm: true } });
    const run = await python(dir, ['--steps', '5']);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'trained/model.json'), 'utf8'));
    const weights = readFileSync(join(dir, 'trained/weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const bytes = 32 * 32 * 3;
    const pixels = readFileSync(join(dir, manifest.data.pixels)).subarray(0, 16 * bytes);
    const before = tf.memory().numTensors;
    const lab = tf.tidy(() => (model.predict(tf.tensor4d(Float32Array.from(pixels, (v) => v / 255), [16, 32, 32, 3])) as tf.Tensor).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    const probe = readFileSync(join(dir, 'trained/probe.f32'));
    const script = new Float32Array(probe.buffer, probe.byteOffset, probe.byteLength / 4);
    expect(script).toHaveLength(16 * 16);
    let worst = 0;
    for (let i = 0; i < script.length; i++) worst = Math.max(worst, Math.abs((lab[i] ?? NaN) - (script[i] ?? NaN)));
    expect(worst).toBeLessThan(1e-4);
    // The weights did move: the lab's initial network gives other embeddings.
    const index = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as { tfjs: string; shape: number[]; offset: number }[];
    const entry = index.find((e) => e.tfjs === 'embedding/kernel')!;
    const [out, inputs] = entry.shape as [number, number];
    const initialBytes = readFileSync(join(dir, 'weights.bin'));
    const initial = new Float32Array(initialBytes.buffer, initialBytes.byteOffset + 4 * entry.offset, out * inputs);
    const trained = model.getLayer('embedding').getWeights()[0]!.dataSync(); // tfjs [in, out], torch [out, in]
    let moved = 0;
    for (let i = 0; i < inputs; i++) for (let j = 0; j < out; j++) moved = Math.max(moved, Math.abs((trained[i * out + j] ?? 0) - (initial[j * inputs + i] ?? 0)));
    expect(moved).toBeGreaterThan(1e-4);
    model.dispose();
  }, 300_000);

  it(`${SKIP}a package from an older lab stops with the formats and what to do`, async () => {
    const dir = copyOf(exported);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, format: 1, labVersion: '0.0.9' }));
    const run = await python(dir, ['--steps', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('manifest.json is package format 1 (Triplet Lab 0.0.9); this train.py reads format 2: it comes from an older lab');
  }, 120_000);

  it(`${SKIP}a data folder whose images differ from the manifest's hashes stops naming them`, async () => {
    const dir = copyOf(exported);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.data.names = manifest.data.names.map((_: string, i: number) => `faces/${i}.png`);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const pixels = readFileSync(join(dir, 'data/pixels.u8'));
    const flip = (at: number, bits: number) => pixels.writeUInt8(pixels.readUInt8(at) ^ bits, at);
    flip(5 * 32 * 32 * 3 + 100, 1);
    flip(9 * 32 * 32 * 3, 255);
    writeFileSync(join(dir, 'data/pixels.u8'), pixels);
    const run = await python(dir, ['--steps', '1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("2 image(s) of the data folder differ from the manifest's hashes: faces/5.png, faces/9.png.");
  }, 120_000);

  it(`${SKIP}a rank killed mid-run stops the others with a message naming it; --resume continues from the last checkpoint as if uninterrupted`, async () => {
    const dir = copyOf(exported);
    const args = ['--nproc', '2', '--checkpoint-every', '5', '--steps', '10'];
    const killed = await python(dir, [...args, '--fail-rank', '1', '--fail-step', '8']);
    expect(killed.status).toBe(1);
    expect(killed.stderr).toMatch(/rank 1 \(exit code -9\) stopped mid-run; the other ranks were stopped\. The last checkpoint, .*checkpoint\.pt at step 5, is whole: continue with --resume\./);
    const resumed = await python(dir, [...args, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('at step 5');
    const log = readLog(dir);
    expect(log.map((r) => Number(r.step))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The uninterrupted two-process run took the same first 10 steps.
    const straight = readLog(double.dir).slice(0, 10);
    straight.forEach((row, i) => expect(Math.abs(Number(row.loss) - Number(log[i]?.loss)), `step ${i + 1}`).toBeLessThan(1e-6));
  }, 400_000);
});
