/**
 * The browser half of `npm run bench`, loaded by bench/browser.ts in Debian Chromium:
 * - task=metric: the census and batchAll against the naive B³ references on webgpu (the metric issue's browser row);
 * - task=raw: a raw tfjs training loop (same model, batch and loss as the lab), driven step by step from Node, for
 *   the lab's overhead and for ms/step against wasm threads;
 * - task=import: the browser import pipeline.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { wasmPaths } from '../../src/workers/wasmAssets';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
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

/**
 * A raw tfjs training loop: the lab's model, batch and loss with none of the lab around it (no worker, sampler,
 * stats or UI). It resolves once warm and then waits: `window.__rawSteps(n)` trains n steps and returns each
 * step's ms and the main-thread long tasks meanwhile, so bench/browserTraining.ts can interleave it with the lab.
 * Query: backend (default wasm), threads (wasm; default the lab's), net, size, ch, batch.
 */
async function raw() {
  const forced = (params.get('backend') ?? 'wasm') as 'wasm' | 'webgpu' | 'webgl' | 'cpu';
  const threads = params.get('threads');
  await selectBackend({ forced, wasmPaths: wasmPaths(), ...(threads ? { wasmThreads: Number(threads) } : {}) });
  const [size, channels, b] = [
    Number(params.get('size') ?? 32),
    Number(params.get('ch') ?? 3),
    Number(params.get('batch') ?? 32),
  ];
  const model = buildEmbeddingModel({
    preset: (params.get('net') ?? 'tiny') as 'tiny' | 'standard',
    inputSize: size,
    channels: channels as 1 | 3,
    embeddingDim: 64,
    batchNorm: true,
    normalize: true,
    seed: 1,
  });
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  const rng = createRng(1);
  const x = tf.tensor4d(
    Float32Array.from({ length: b * size * size * channels }, () => rng.next()),
    [b, size, size, channels],
  );
  const y = tf.tensor1d(
    Array.from({ length: b }, (_, i) => Math.floor(i / 4)),
    'int32',
  );
  const loss = getLoss('batchHard', { margin: 0.2 });
  const longTasks: number[] = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({
    type: 'longtask',
  });
  const steps = async (n: number) => {
    const before = longTasks.length;
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const value = optimizer.minimize(() => loss(embed(model, x, { normalize: false, training: true }), y).loss, true);
      await value!.data();
      value!.dispose();
      ms.push(performance.now() - start);
    }
    return { ms, longTasks: longTasks.slice(before) };
  };
  await steps(Number(params.get('warmup') ?? 3));
  (window as unknown as { __rawSteps: typeof steps }).__rawSteps = steps;
  const wasmThreads = tf.getBackend() === 'wasm' ? getThreadsCount() : 0;
  return { backend: tf.getBackend(), threads: wasmThreads, cores: navigator.hardwareConcurrency };
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
  const spec = squareSpec(64, 3);
  // Each worker decodes one file first: this page comes from the dev server, whose first load of a worker's modules
  // (transformed on request, seconds here) is not the import's throughput, and a production worker is one chunk.
  const warm = performance.now();
  await Promise.all(Array.from({ length: processor.size }, (_, i) => processor.process(entries[i]!.file, 'warm-up', spec)));
  const startMs = performance.now() - warm;
  const start = performance.now();
  const meta = await importToStore(store, entries, {
    id: `bench-${Date.now()}`,
    name: 'bench',
    spec,
    splitSeed: 1,
    processor,
  });
  const ms = performance.now() - start;
  processor.terminate();
  return { images: meta.images, ms, startMs, imagesPerSecond: (meta.images * 1000) / ms, cores: navigator.hardwareConcurrency };
}

/** task=none: just the page (bench/gpu.ts asks it for the WebGPU adapter). */
const none = async () => ({});
const TASKS: Record<string, () => Promise<unknown>> = { metric, raw, import: importJpegs, none };
window.__bench = (TASKS[params.get('task') ?? 'raw'] ?? raw)().catch((error: unknown) => ({ error: String(error) }));
