/**
 * The browser half of `npm run bench`, loaded by bench/browser.ts in Debian Chromium:
 * - task=metric: the census and batchAll against the naive B³ references on webgpu (the metric issue's browser row);
 * - task=raw: a raw tfjs training loop (same model, batch and loss as the lab), driven step by step from Node, for
 *   the lab's overhead and for ms/step against wasm threads (`worker=1`: in a dedicated worker, as the lab trains);
 * - task=import: the browser import pipeline.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { wasmPaths } from '../../src/workers/wasmAssets';
import { getLoss, naiveBatchAll, naiveTripletCensus, tripletCensus } from '../../src/metric';
import { createRng } from '../../src/common/rng';
import { createBrowserDecodePool } from '../../src/workers/decodePool';
import { PARALLEL_PARAMS, startRawLoop, type RawLoop } from './rawLoop';
import { sharedBytes } from '../../src/train/dataParallel';
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

type Kernels = Awaited<ReturnType<RawLoop['profile']>>;

/**
 * The raw loop (rawLoop.ts), on this page's main thread or, with `worker=1`, in a dedicated worker as the lab trains.
 * It resolves once warm and then waits: `window.__rawSteps(n)` trains n steps and returns each step's ms and the
 * main-thread long tasks meanwhile, so bench/browserTraining.ts can interleave it with the lab;
 * `window.__rawProfile(n)` trains n steps under tf.profile and returns ms and calls per kernel.
 */
async function raw() {
  const longTasks: number[] = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({
    type: 'longtask',
  });
  let info: unknown;
  let run: (n: number) => Promise<number[]>;
  let profile: (n: number) => Promise<Kernels>;
  if (params.get('worker') === '1') {
    // world > 1: that many workers train one batch data-parallel (src/train/dataParallel.ts), each on 1 thread.
    const world = Number(params.get('world') ?? 1);
    const shared =
      world > 1
        ? new SharedArrayBuffer(
            sharedBytes({ batch: Number(params.get('batch') ?? 32), dim: 64, params: PARALLEL_PARAMS, world }),
          )
        : undefined;
    const workers = Array.from(
      { length: world },
      () => new Worker(new URL('./rawWorker.ts', import.meta.url), { type: 'module' }),
    );
    const askOne = (worker: Worker, message: object) =>
      new Promise<{ info?: unknown; ms?: number[]; kernels?: Kernels; error?: string }>((resolve) => {
        worker.onmessage = ({ data }) => resolve(data);
        worker.postMessage(message);
      });
    const ask = async (message: (rank: number) => object) => {
      const answers = await Promise.all(workers.map((w, rank) => askOne(w, message(rank))));
      const failed = answers.find((a) => a.error);
      if (failed) throw new Error(failed.error);
      return answers;
    };
    const started = await ask((rank) => ({ query: `${location.search}&rank=${rank}`, shared }));
    info = { ...(started[0]!.info as object), worker: true, world };
    // A data-parallel step ends when its slowest worker does.
    run = async (n) => {
      const ms = (await ask(() => ({ steps: n }))).map((a) => a.ms ?? []);
      return ms[0]!.map((_, i) => Math.max(...ms.map((m) => m[i]!)));
    };
    profile = async (n) => (await ask(() => ({ profile: n })))[0]!.kernels ?? {};
  } else {
    const loop = await startRawLoop(params);
    info = loop.info;
    run = loop.steps;
    profile = loop.profile;
  }
  const steps = async (n: number) => {
    const before = longTasks.length;
    const ms = await run(n);
    return { ms, longTasks: longTasks.slice(before) };
  };
  Object.assign(window, { __rawSteps: steps, __rawProfile: (n: number) => profile(n) });
  return info;
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
  await Promise.all(
    Array.from({ length: processor.size }, (_, i) => processor.process(entries[i]!.file, 'warm-up', spec)),
  );
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
  return {
    images: meta.images,
    ms,
    startMs,
    imagesPerSecond: (meta.images * 1000) / ms,
    cores: navigator.hardwareConcurrency,
  };
}

/** task=none: just the page (bench/gpu.ts asks it for the WebGPU adapter). */
const none = async () => ({});
const TASKS: Record<string, () => Promise<unknown>> = { metric, raw, import: importJpegs, none };
window.__bench = (TASKS[params.get('task') ?? 'raw'] ?? raw)().catch((error: unknown) => ({ error: String(error) }));
