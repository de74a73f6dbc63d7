/**
 * The training package of a run on the pretrained face ResNet-34 (issue 15): frozen (only the head trains, on the
 * backbone's features) and fine-tuned (every weight, the backbone at its fraction of the learning rate). Oracles: the
 * lab's golden batch for `train.py --check` (loss, census, gradient norm over the same trained variables, embeddings,
 * to 1e-4), the script's eval-mode probe embeddings for the round trip through the lab's loader, and the exported
 * initial weights for what must (fine-tuned) or must not (frozen) move. The smallest run that exercises the network:
 * 32 px images (resized to 150 in-graph on both sides; grayscale for the frozen run, so gray → RGB is checked too),
 * P = 2 × K = 2, 8-d embeddings. Skipped, with the reason in the name, where /usr/bin/python3 cannot import torch.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { loadModelArtifacts } from '../model/artifacts';
import type { BackboneId } from '../model/config';
import { embed } from '../model/embed';
import { loadFaceApiWeights } from '../model/pretrained/faceApiWeights';
import { nodeAssetReader } from '../model/pretrained/testing/nodeAssetReader';
import { registerConvGradientKernels } from '../train/convGradientKernels';
import { openDataset } from '../train/datasetSource';
import { collectPackageParts } from '../train/packageParts';
import { FINE_TUNE_LR_SCALE } from '../train/learningRate';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from '../train/settings';
import { HAS_TORCH, python, SKIP } from './testing/packageRuns';
import { buildTrainingPackage } from './trainingPackage';

const SIZE = 32;
const PROBE = 4;

const settingsFor = (backbone: BackboneId, channels: 1 | 3): TrainerSettings => ({
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 11,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, backbone, inputSize: SIZE, channels, embeddingDim: 8, seed: 11 },
  P: 2,
  K: 2,
});

let pretrained: tf.NamedTensorMap = {};

/** The package of a fresh run with `settings`, unzipped into a new folder. */
async function exportRun(settings: TrainerSettings): Promise<string> {
  const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 6, imagesPerIdentity: 3, resolution: SIZE, channels: settings.model.channels, seed: 3 } }, 1);
  const zip = buildTrainingPackage(await collectPackageParts(settings, data, undefined, pretrained));
  const dir = mkdtempSync(join(tmpdir(), 'triplet-resnet-'));
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

const floats = (bytes: Buffer) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** The largest |difference| train.py --check printed, by quantity. */
const checkDifferences = (stdout: string): Record<string, number> =>
  Object.fromEntries([...stdout.matchAll(/^(.+?)\s+lab .*\|difference\| (\S+)$/gm)].map((m) => [m[1]!.trim(), Number(m[2])]));

/** A weight of the package's torch index: from weights.bin (initial) or trained/weights.bin (by the tfjs specs). */
function packageWeight(dir: string, tfjsName: string): { initial: Float32Array; trained: Float32Array } {
  const index = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as { tfjs: string; offset: number; length: number }[];
  const entry = index.find((e) => e.tfjs === tfjsName)!;
  const initial = floats(readFileSync(join(dir, 'weights.bin'))).subarray(entry.offset, entry.offset + entry.length);
  const specs = (JSON.parse(readFileSync(join(dir, 'trained/model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest[0]!.weights;
  let at = 0;
  for (const spec of specs) {
    const length = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name === tfjsName) return { initial, trained: floats(readFileSync(join(dir, 'trained/weights.bin'))).subarray(at, at + length) };
    at += length;
  }
  throw new Error(`trained/model.json lacks ${tfjsName}`);
}

/** [learning-rate scale, weights] of each of train.py's optimizer groups for the package in `dir`. */
async function trainedGroups(dir: string): Promise<[number, number][]> {
  const code = [
    'import json, train',
    'from model import parameter_groups',
    "net = train.build_model(json.load(open('manifest.json')))",
    "print(json.dumps([[g['lr_scale'], sum(p.numel() for p in g['params'])] for g in parameter_groups(net)]))",
  ].join('\n');
  const ran = await python(dir, [], ['-c', code]);
  expect(ran.status, ran.stderr).toBe(0);
  return JSON.parse(ran.stdout) as [number, number][];
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return worst;
};

describe.skipIf(!HAS_TORCH)('training package of a pretrained ResNet-34 run', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
    pretrained = await loadFaceApiWeights('face_recognition_model', nodeAssetReader);
  }, 60_000);
  afterAll(() => tf.dispose(Object.values(pretrained)));

  it(`${SKIP}frozen, grayscale: train.py --check (1 and 2 processes) recomputes the golden batch to 1e-4 with the head alone trained, and training moves the head, never the backbone`, async () => {
    const dir = await exportRun(settingsFor('resnet34Frozen', 1));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.model.faceResNet.trained).toBe(false);
    expect(manifest.model.plan).toBeUndefined();
    const check = await python(dir, ['--check']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    console.log('frozen --check', checkDifferences(check.stdout));
    // The optimizer and the gradient norm see the head alone: 128 × 8 + 8 weights.
    expect(await trainedGroups(dir)).toEqual([[1, 1032]]);
    // No batch statistics in the ResNet (its config's batchNorm is ignored): two ranks, each half the batch, agree too.
    const ranks = await python(dir, ['--check', '--nproc', '2']);
    expect(ranks.stdout, ranks.stderr).toContain('on 2 process(es) matches the lab');
    const run = await python(dir, ['--steps', '2', '--probe', String(PROBE)]);
    expect(run.status, run.stderr).toBe(0);
    const stem = packageWeight(dir, 'face_resnet/conv32_down/conv/filters');
    const fc = packageWeight(dir, 'face_resnet/fc');
    expect(maxDifference(stem.trained, reorder(stem.initial, [7, 7, 3, 32]))).toBe(0);
    expect(maxDifference(fc.trained, transposed(fc.initial, 128, 256))).toBe(0);
    const head = packageWeight(dir, 'embedding/bias');
    expect(maxDifference(head.trained, head.initial)).toBeGreaterThan(0);
  }, 600_000);

  it(`${SKIP}fine-tuned: train.py --check recomputes the golden batch to 1e-4 (the gradient norm over every weight to 1e-4 of it); 2 steps later the lab's loader gives the script's embeddings to 1e-4`, async () => {
    const dir = await exportRun(settingsFor('resnet34FineTuned', 3));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.model.faceResNet.trained).toBe(true);
    const check = await python(dir, ['--check']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    console.log('fine-tuned --check', checkDifferences(check.stdout));
    // The head at the full rate, the backbone's 5,614,592 weights at the lab's FINE_TUNE_LR_SCALE.
    expect(await trainedGroups(dir)).toEqual([[1, 1032], [FINE_TUNE_LR_SCALE, 5_614_592]]);
    const run = await python(dir, ['--steps', '2', '--probe', String(PROBE)]);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'trained/model.json'), 'utf8'));
    const bin = readFileSync(join(dir, 'trained/weights.bin'));
    const model = await loadModelArtifacts({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      userDefinedMetadata: json.userDefinedMetadata,
    });
    const pixels = readFileSync(join(dir, manifest.data.pixels)).subarray(0, PROBE * SIZE * SIZE * 3);
    const before = tf.memory().numTensors;
    const lab = tf.tidy(() => embed(model, tf.tensor4d(Float32Array.from(pixels, (v) => v / 255), [PROBE, SIZE, SIZE, 3]), { normalize: false, training: false }).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    const script = floats(readFileSync(join(dir, 'trained/probe.f32')));
    expect(script).toHaveLength(PROBE * 8);
    const worst = maxDifference(lab, script);
    console.log('fine-tuned round trip: max |lab - script| over the probe embeddings', worst);
    expect(worst).toBeLessThan(1e-4);
    // The backbone did train (at 1e-2 of the rate), so the trip carried trained backbone weights, not the pretrained.
    const stem = packageWeight(dir, 'face_resnet/conv32_down/conv/filters');
    expect(maxDifference(stem.trained, reorder(stem.initial, [7, 7, 3, 32]))).toBeGreaterThan(0);
  }, 600_000);
});

/** torch OIHW values back to tfjs HWIO, `hwio` the tfjs shape. */
function reorder(oihw: Float32Array, [h, w, i, o]: [number, number, number, number]): Float32Array {
  const out = new Float32Array(oihw.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++) for (let f = 0; f < o; f++) out[((y * w + x) * i + c) * o + f] = oihw[((f * i + c) * h + y) * w + x]!;
  return out;
}

/** torch [rows, cols] values as tfjs [cols, rows]. */
function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}
