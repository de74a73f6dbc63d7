/**
 * Cluster bench: the lab's k-means against scikit-learn's KMeans on the same generated data (100,000 × 128
 * Gaussian blobs, k = 100 and k = 1,000; n_init, max_iter and tol matched), Hamerly bounds against plain Lloyd from
 * the same seeds, and a pool of two workers against one for parallel restarts (worker_threads running the same
 * handler as the browser worker). `/usr/bin/python3` with sklearn is optional: without it those rows are a note.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { TransferListItem } from 'node:worker_threads';
import { createRng } from '../src/common/rng.ts';
import { restartSeeds } from '../src/cluster/kmeans.ts';
import { kmeansPlusPlus } from '../src/cluster/kmeansPlusPlus.ts';
import { lloyd } from '../src/cluster/lloyd.ts';
import type { LloydResult } from '../src/cluster/lloyd.ts';
import { gaussianBlobs } from '../src/cluster/testData.ts';
import { meanFeatureVariance, rowNormsSquared } from '../src/cluster/vectors.ts';
import { ClusterClient } from '../src/workers/clusterClient.ts';
import type { WorkerLike } from '../src/workers/clusterClient.ts';
import { createClusterHandler } from '../src/workers/clusterHandler.ts';
import type { ClusterRequest, ClusterResponse } from '../src/workers/clusterProtocol.ts';
import type { BenchRow } from './row.ts';

const PYTHON = '/usr/bin/python3';
const N = Number(process.env.CLUSTER_BENCH_N ?? 100_000);
const DIM = 128;
const WORKER_FLAG = 'triplet-lab-cluster-bench-worker';

interface SklearnRun {
  seconds: number;
  inertia: number;
  iterations: number;
  version: string;
}

interface Case {
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
}

function sklearnAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runSklearn(path: string, c: Case): SklearnRun {
  const args = ['bench/sklearn_kmeans.py', path, N, DIM, c.k, c.nInit, c.maxIter, c.tol, c.seed].map(String);
  const out = execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as SklearnRun;
}

function drain<T>(gen: Generator<unknown, T, void>): { value: T; seconds: number } {
  const start = performance.now();
  for (;;) {
    const s = gen.next();
    if (s.done) return { value: s.value, seconds: (performance.now() - start) / 1000 };
  }
}

/** Exactly what `kmeans` does for nInit = 1 (seeding, then Lloyd), with the two phases timed apart. */
function labRun(data: Float32Array, c: Case, maxIter: number, bounds: boolean, seeds?: Float64Array) {
  const norms = rowNormsSquared(data, DIM);
  const tolAbs = c.tol * meanFeatureVariance(data, DIM);
  const seeding = seeds
    ? { value: seeds, seconds: 0 }
    : drain(kmeansPlusPlus(data, DIM, norms, c.k, createRng(restartSeeds(c.seed, 1)[0] ?? 0), 2 + Math.floor(Math.log(c.k))));
  const iterating = drain<LloydResult>(lloyd(data, DIM, norms, seeding.value, { maxIter, tolAbs, spherical: false, bounds }));
  return { seeds: seeding.value, seedSeconds: seeding.seconds, lloydSeconds: iterating.seconds, result: iterating.value };
}

/** A Node worker_threads Worker running this file as the cluster worker, seen through the browser Worker shape. */
function nodeClusterWorker(): WorkerLike {
  // the worker must load TypeScript too: register tsx's loader in it, then import this file
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: WORKER_FLAG });
  const like: WorkerLike = {
    onmessage: null,
    postMessage: (message, transfer) => worker.postMessage(message, transfer as unknown as TransferListItem[]),
    terminate: () => void worker.terminate(),
  };
  worker.on('message', (data: ClusterResponse) => like.onmessage?.({ data }));
  return like;
}

async function poolRows(): Promise<BenchRow[]> {
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

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const haveSklearn = sklearnAvailable();
  mkdirSync('bench/out', { recursive: true });
  const cases: Case[] = [
    { k: 100, nInit: 1, maxIter: 100, tol: 1e-4, seed: 0 },
    { k: 1000, nInit: 1, maxIter: 20, tol: 1e-4, seed: 0 },
  ];
  for (const c of cases) {
    // blobs overlap a little (means in [−3, 3]^128, std 1) so seeding and iterations matter
    const { data } = gaussianBlobs(N, DIM, c.k, { seed: 1, box: 3, std: 1 });
    const label = `${N}×${DIM}, k=${c.k}, nInit=${c.nInit}, maxIter=${c.maxIter}`;
    const lab = labRun(data, c, c.maxIter, true);
    const labSeconds = lab.seedSeconds + lab.lloydSeconds;
    const labFacts = `lab ${labSeconds.toFixed(1)} s (seeding ${lab.seedSeconds.toFixed(1)} s) / ${lab.result.iterations} it`;
    if (haveSklearn) {
      const path = `bench/out/cluster_${N}x${DIM}_k${c.k}.f32`;
      writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const sk = runSklearn(path, c);
      rows.push({
        area: 'cluster',
        case: `k-means time vs sklearn, ${label}`,
        ratio: labSeconds / sk.seconds,
        unit: '× sklearn time (lower is better)',
        note: `${labFacts}; sklearn ${sk.version} ${sk.seconds.toFixed(1)} s / ${sk.iterations} it (BLAS + OpenMP on 2 cores; lab 1 thread)`,
      });
      rows.push({
        area: 'cluster',
        case: `k-means inertia vs sklearn, ${label}`,
        ratio: lab.result.inertia / sk.inertia,
        unit: '× sklearn inertia (≤ 1: as good or better)',
        note: `lab ${lab.result.inertia.toExponential(6)}, sklearn ${sk.inertia.toExponential(6)}`,
      });
    } else {
      rows.push({ area: 'cluster', case: `k-means vs sklearn, ${label}`, ratio: NaN, unit: 'skipped', note: `${PYTHON} has no sklearn; ${labFacts}` });
    }
    // Lloyd phase only, same seeds: plain Lloyd is capped for k = 1000 (≈ 7 s an iteration)
    const cap = c.k === 1000 ? 2 : c.maxIter;
    const hamerly = cap === c.maxIter ? lab : labRun(data, c, cap, true, lab.seeds);
    const plain = labRun(data, c, cap, false, lab.seeds);
    rows.push({
      area: 'cluster',
      case: `Hamerly vs plain Lloyd iterations, ${N}×${DIM}, k=${c.k}, maxIter=${cap}`,
      ratio: plain.lloydSeconds / hamerly.lloydSeconds,
      unit: '× faster',
      note: `plain ${plain.lloydSeconds.toFixed(1)} s, Hamerly ${hamerly.lloydSeconds.toFixed(1)} s, ${hamerly.result.iterations} it, same labels: ${plain.result.labels.every((l, i) => l === hamerly.result.labels[i])}`,
    });
  }
  rows.push(...(await poolRows()));
  return rows;
}

if (!isMainThread && workerData === WORKER_FLAG) {
  const port = parentPort;
  if (port) {
    const handle = createClusterHandler((message, transfer) => port.postMessage(message, transfer as unknown as TransferListItem[]));
    port.on('message', (request: ClusterRequest) => void handle(request));
  }
} else if (import.meta.url === `file://${process.argv[1]}`) {
  void run().then((rows) => console.table(rows.map((r) => ({ ...r, ratio: r.ratio.toFixed(2) }))));
}
