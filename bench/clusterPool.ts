/**
 * Cluster bench, the worker pool: parallel restarts on two workers against one (worker_threads running the same
 * handler as the browser worker, SIMD kernel included), and Hamerly bounds against plain Lloyd from the same seeds
 * (CLUSTER_BENCH_HAMERLY=1; slow).
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';
import { createRng } from '../src/common/rng.ts';
import { restartSeeds } from '../src/cluster/kmeans.ts';
import { kmeansPlusPlus } from '../src/cluster/kmeansPlusPlus.ts';
import { lloyd } from '../src/cluster/lloyd.ts';
import type { LloydResult } from '../src/cluster/lloyd.ts';
import { serveSharedKernel } from '../src/cluster/sharedKernel.ts';
import type { SharedKernelBind, SharedKernelHelper } from '../src/cluster/sharedKernel.ts';
import { simdKernel } from '../src/cluster/simdKernel.ts';
import { gaussianBlobs } from '../src/cluster/testData.ts';
import { meanFeatureVariance, rowNormsSquared } from '../src/cluster/vectors.ts';
import { ClusterClient } from '../src/workers/clusterClient.ts';
import type { WorkerLike } from '../src/workers/clusterClient.ts';
import { createClusterHandler } from '../src/workers/clusterHandler.ts';
import type { ClusterRequest, ClusterResponse } from '../src/workers/clusterProtocol.ts';
import { plantedBlobs } from './clusterData.ts';
import type { BenchRow } from './row.ts';

const DIM = 128;
const WORKER_FLAG = 'triplet-lab-cluster-bench-worker';
const HELPER_FLAG = 'triplet-lab-cluster-bench-helper';

function drain<T>(gen: Generator<unknown, T, void>): { value: T; seconds: number } {
  const start = performance.now();
  for (;;) {
    const s = gen.next();
    if (s.done) return { value: s.value, seconds: (performance.now() - start) / 1000 };
  }
}

function tsWorker(flag: string): Worker {
  // the worker must load TypeScript too: register tsx's loader in it, then import this file
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  return new Worker(boot, { eval: true, workerData: flag });
}

/**
 * `count` helper threads for `sharedKernel` (each runs `serveSharedKernel` with its own SIMD kernel), as the cluster
 * worker's helpers do in the browser. `close()` ends them.
 */
export function nodeKernelHelpers(count: number): { helpers: SharedKernelHelper[]; ready: Promise<unknown>; close(): void } {
  const workers = Array.from({ length: count }, () => tsWorker(HELPER_FLAG));
  workers.forEach((w) => w.unref());
  return {
    helpers: workers.map((w) => ({ post: (message: SharedKernelBind) => w.postMessage(message) })),
    // each helper says 'ready' once its module (TypeScript through tsx) is loaded
    ready: Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve)))),
    close: () => workers.forEach((w) => void w.terminate()),
  };
}

/** A Node worker_threads Worker running this file as the cluster worker, seen through the browser Worker shape. */
function nodeClusterWorker(): WorkerLike {
  const worker = tsWorker(WORKER_FLAG);
  const like: WorkerLike = {
    onmessage: null,
    postMessage: (message, transfer) => worker.postMessage(message, transfer as unknown as TransferListItem[]),
    terminate: () => void worker.terminate(),
  };
  worker.on('message', (data: ClusterResponse) => like.onmessage?.({ data }));
  return like;
}

export async function poolRows(): Promise<BenchRow[]> {
  const n = 20_000;
  const { data } = gaussianBlobs(n, DIM, 100, { seed: 2, box: 3, std: 1 });
  const opts = { k: 100, nInit: 4, maxIter: 100, seed: 0, transfer: false };
  const times: number[] = [];
  const inertias: number[] = [];
  for (const maxWorkers of [1, 2]) {
    const client = new ClusterClient({ createWorker: nodeClusterWorker, maxWorkers });
    await client.kmeans(data.subarray(0, 200 * DIM).slice(), DIM, { k: 2 }); // start-up outside the timing
    const start = performance.now();
    const r = await client.kmeans(data, DIM, opts);
    times.push((performance.now() - start) / 1000);
    inertias.push(r.inertia);
    client.dispose();
  }
  const [one = NaN, two = NaN] = times;
  return [
    {
      area: 'cluster',
      case: `restarts on 2 workers vs 1, ${n}×${DIM}, k=100, nInit=4`,
      ratio: one / two,
      unit: '× faster (2 cores)',
      note: `1 worker ${one.toFixed(1)} s, 2 workers ${two.toFixed(1)} s, same inertia: ${inertias[0] === inertias[1]}`,
    },
  ];
}

/** Hamerly against plain Lloyd, Lloyd phase only, same k-means++ seeds, SIMD kernel. */
export function hamerlyRows(n: number): BenchRow[] {
  const data = plantedBlobs(n, DIM, 1);
  const norms = rowNormsSquared(data, DIM);
  const tolAbs = 1e-4 * meanFeatureVariance(data, DIM);
  const kernel = simdKernel(DIM);
  const rows: BenchRow[] = [];
  for (const [k, cap] of [
    [100, 100],
    [1000, 3],
  ] as const) {
    const seeds = drain(kmeansPlusPlus(data, DIM, norms, k, createRng(restartSeeds(0, 1)[0] ?? 0), 2 + Math.floor(Math.log(k)), kernel)).value;
    const run = (bounds: boolean) => drain<LloydResult>(lloyd(data, DIM, norms, seeds, { maxIter: cap, tolAbs, spherical: false, bounds, kernel }));
    const hamerly = run(true);
    const plain = run(false);
    rows.push({
      area: 'cluster',
      case: `Hamerly vs plain Lloyd iterations, ${n}×${DIM} blobs, k=${k}, maxIter=${cap}`,
      ratio: plain.seconds / hamerly.seconds,
      unit: '× faster',
      note: `plain ${plain.seconds.toFixed(1)} s, Hamerly ${hamerly.seconds.toFixed(1)} s, ${hamerly.value.iterations} it, same labels: ${plain.value.labels.every((l, i) => l === hamerly.value.labels[i])}`,
    });
  }
  return rows;
}

if (!isMainThread && workerData === HELPER_FLAG) {
  parentPort?.on('message', (bind: SharedKernelBind) => {
    const kernel = simdKernel(bind.dim);
    if (kernel) serveSharedKernel(bind, kernel);
  });
  parentPort?.postMessage('ready');
}

if (!isMainThread && workerData === WORKER_FLAG) {
  const port = parentPort;
  if (port) {
    const handle = createClusterHandler((message, transfer) => port.postMessage(message, transfer as unknown as TransferListItem[]));
    port.on('message', (request: ClusterRequest) => void handle(request));
  }
}
