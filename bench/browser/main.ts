/**
 * The browser half of `npm run bench`, loaded by bench/browser.ts in Debian Chromium:
 * - task=metric: the census and batchAll against the naive B³ references on webgpu (the metric issue's browser row);
 * - task=raw: a raw tfjs training loop (same tiny model, batch and loss as the lab) on wasm, for the lab's overhead.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { wasmPaths } from '../../src/workers/wasmAssets';
import { getLoss, naiveBatchAll, naiveTripletCensus, tripletCensus } from '../../src/metric';
import { buildEmbeddingModel } from '../../src/model/backbone';
import { embed } from '../../src/model/embed';
import { createRng } from '../../src/common/rng';
import { createBrowserDecodePool } from '../../src/workers/decodePool';
import { squareSpec } from '../../src/data/imageSpec';
import type { ImportEntry } from '../../src/data/importPaths';
import { importToStore } from '../../src/data/importToStore';
import { createDatasetStore, openLabDb } from '../../src/data/store';

declare global {
  interface Window {
    __bench: Promise<unknown>;
  }
}

const params = new URLSearchParams(location.search);

async function time(f: () => Promise<void>, repeats = 3): Promise<number> {
  await f();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await f();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function metric() {
  await selectBackend({ forced: 'webgpu', wasmPaths: wasmPaths() });
  const sizes = (params.get('sizes') ?? '128').split(',').map(Number);
  const rows = [];
  for (const b of sizes) {
    const rng = createRng(b);
    const e = tf.tensor2d(
      Array.from({ length: b * 64 }, () => rng.normal()),
      [b, 64],
    );
    const y = tf.tensor1d(
      Array.from({ length: b }, (_, i) => Math.floor(i / 4)),
      'int32',
    );
    const opts = { margin: 0.2, distance: 'euclidean' as const, normalize: true };
    const census = await time(async () => void (await tripletCensus(e, y, opts)));
    const naiveCensus = await time(async () => void (await naiveTripletCensus(e, y, opts)));
    const loss = getLoss('batchAll', opts);
    const lab = await time(async () => {
      const v = tf.tidy(() => loss(e, y).loss);
      await v.data();
      v.dispose();
    });
    const naive = await time(async () => {
      const v = tf.tidy(() => naiveBatchAll(e, y, { ...opts, reduction: 'meanNonZero' }));
      await v.data();
      v.dispose();
    });
    rows.push({ b, census, naiveCensus, batchAll: lab, naiveBatchAll: naive });
    tf.dispose([e, y]);
  }
  return { backend: tf.getBackend(), rows };
}

async function raw() {
  await selectBackend({ forced: 'wasm', wasmPaths: wasmPaths() });
  const steps = Number(params.get('steps') ?? 30);
  const model = buildEmbeddingModel({
    preset: 'tiny',
    inputSize: 32,
    channels: 3,
    embeddingDim: 64,
    batchNorm: true,
    normalize: true,
    seed: 1,
  });
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  const rng = createRng(1);
  const x = tf.tensor4d(
    Float32Array.from({ length: 32 * 32 * 32 * 3 }, () => rng.next()),
    [32, 32, 32, 3],
  );
  const y = tf.tensor1d(
    Array.from({ length: 32 }, (_, i) => Math.floor(i / 4)),
    'int32',
  );
  const loss = getLoss('batchHard', { margin: 0.2 });
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    const value = optimizer.minimize(() => loss(embed(model, x, { normalize: false, training: true }), y).loss, true);
    await value!.data();
    value!.dispose();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { backend: tf.getBackend(), msPerStep: times[Math.floor(times.length / 2)] };
}

/** Import 2,000 generated 250×250 JPEGs (folders of 10) through the lab's pipeline into IndexedDB. */
async function importJpegs() {
  const n = Number(params.get('images') ?? 2000);
  const canvas = new OffscreenCanvas(250, 250);
  const ctx = canvas.getContext('2d')!;
  const rng = createRng(3);
  const entries: ImportEntry[] = [];
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = `hsl(${rng.int(360)} 40% 60%)`;
    ctx.fillRect(0, 0, 250, 250);
    ctx.fillStyle = `hsl(${rng.int(360)} 50% 30%)`;
    ctx.beginPath();
    ctx.ellipse(125 + rng.normal() * 10, 125, 60 + rng.int(20), 80, 0, 0, Math.PI * 2);
    ctx.fill();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    entries.push({ path: `bench/id${Math.floor(i / 10)}/img${i}.jpg`, file: blob });
  }
  const store = createDatasetStore(await openLabDb('triplet-lab-bench'));
  const processor = createBrowserDecodePool();
  const start = performance.now();
  const meta = await importToStore(store, entries, {
    id: `bench-${Date.now()}`,
    name: 'bench',
    spec: squareSpec(64, 3),
    splitSeed: 1,
    processor,
  });
  const ms = performance.now() - start;
  processor.terminate();
  return { images: meta.images, ms, imagesPerSecond: (meta.images * 1000) / ms, cores: navigator.hardwareConcurrency };
}

const TASKS: Record<string, () => Promise<unknown>> = { metric, raw, import: importJpegs };
window.__bench = (TASKS[params.get('task') ?? 'raw'] ?? raw)().catch((error: unknown) => ({ error: String(error) }));
