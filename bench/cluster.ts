/**
 * Cluster bench: the lab's k-means (the code the cluster worker runs: kmeansSteps with the WebAssembly SIMD kernel)
 * on CLUSTER_BENCH_THREADS threads (default: every core; the nearest-centre search shared with helper threads
 * through sharedKernel, as the cluster worker does in the browser)
 * against scikit-learn's KMeans (lloyd, n_init 1, k-means++, same max_iter and tol) on the same data, 100,000 × 128:
 * planted blobs (converge in a few iterations: seeding dominates) and embedding-like unit vectors (many iterations),
 * k = 100 and k = 1,000. Rows: time ratio (wall, with CPU time in the note) and inertia ratio for each; k-means‖
 * against k-means++ at k = 1,000; the SIMD kernel against the blocked TypeScript one; the worker pool.
 * The machine is shared: sklearn's two OpenMP threads and the lab's threads compete with whatever else runs, so
 * the wall ratio is noisy; the CPU-time ratio (all threads of each, summed) is steadier. CLUSTER_BENCH_REPEAT=r runs
 * each case r times, lab and sklearn alternating, and reports the median of each (all times in the note);
 * CLUSTER_BENCH_CASES=embedding:100,blobs:1000 picks cases.
 * `/usr/bin/python3` with sklearn (Debian: python3-sklearn) is optional: without it those rows are a note.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { blockedKernel } from '../src/cluster/distanceKernel.ts';
import type { DistanceKernel } from '../src/cluster/distanceKernel.ts';
import { kmeansSteps } from '../src/cluster/kmeans.ts';
import type { KMeansInit, KMeansResult } from '../src/cluster/kmeansTypes.ts';
import { sharedKernel } from '../src/cluster/sharedKernel.ts';
import { simdKernel } from '../src/cluster/simdKernel.ts';
import { clusterData } from './clusterData.ts';
import type { ClusterDataKind } from './clusterData.ts';
import { hamerlyRows, nodeKernelHelpers, poolRows } from './clusterPool.ts';
import type { BenchRow } from './row.ts';

const PYTHON = '/usr/bin/python3';
const N = Number(process.env.CLUSTER_BENCH_N ?? 100_000);
const DIM = 128;
const TOL = 1e-4;
const THREADS = Number(process.env.CLUSTER_BENCH_THREADS ?? availableParallelism());
const REPEAT = Number(process.env.CLUSTER_BENCH_REPEAT ?? 1);

/** What bench/sklearn_kmeans.py prints (its last line, JSON). */
export interface SklearnRun {
  seconds: number;
  cpu_seconds: number;
  inertia: number;
  iterations: number;
  version: string;
}

interface LabRun {
  seconds: number;
  cpuSeconds: number;
  seedSeconds: number;
  result: KMeansResult;
}

function sklearnAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runSklearn(path: string, k: number, maxIter: number): SklearnRun {
  const args = ['bench/sklearn_kmeans.py', path, N, DIM, k, 1, maxIter, TOL, 0].map(String);
  const out = execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as SklearnRun;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** One restart of the lab's k-means, seeding timed apart (until the first Lloyd event). */
function labRun(
  data: Float32Array,
  k: number,
  maxIter: number,
  init: KMeansInit,
  kernel: DistanceKernel | undefined,
): LabRun {
  const start = performance.now();
  const cpu = cpuNow();
  let seedSeconds = NaN;
  const steps = kmeansSteps(data, DIM, { k, maxIter, tol: TOL, seed: 0, init, kernel });
  for (;;) {
    const s = steps.next();
    if (s.done)
      return { seconds: (performance.now() - start) / 1000, cpuSeconds: cpuNow() - cpu, seedSeconds, result: s.value };
    if (Number.isNaN(seedSeconds) && s.value.phase === 'iterating') seedSeconds = (performance.now() - start) / 1000;
  }
}

function kernelRow(): BenchRow {
  const k = 1000;
  const rows = 2048;
  const data = Float32Array.from({ length: rows * DIM }, (_, i) => Math.sin(i));
  const centres = Float64Array.from({ length: k * DIM }, (_, i) => Math.cos(i));
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const out = new Float64Array(64 * k);
  const rate = (kernel: DistanceKernel): number => {
    kernel.setCenters(centres, k, DIM);
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const cpu = cpuNow();
      for (let b = 0; b < rows; b += 64) kernel.dots(data, all, b, b + 64, out);
      best = Math.max(best, (rows * k * DIM) / (cpuNow() - cpu) / 1e9);
    }
    return best;
  };
  const simd = simdKernel(DIM);
  const fast = simd ? rate(simd) : NaN;
  const slow = rate(blockedKernel());
  return {
    area: 'cluster',
    case: `distance kernel: wasm SIMD vs blocked TS, ${rows}×${DIM} · ${k} centres`,
    ratio: fast / slow,
    unit: '× multiply-adds/s (CPU time)',
    note: `SIMD ${fast.toFixed(1)} G/s (float32, 4×8 tiles), blocked TS ${slow.toFixed(1)} G/s (float64)`,
  };
}

const ALL_CASES: { kind: ClusterDataKind; k: number; maxIter: number }[] = [
  { kind: 'blobs', k: 100, maxIter: 100 },
  { kind: 'embedding', k: 100, maxIter: 100 },
  { kind: 'blobs', k: 1000, maxIter: 30 },
  { kind: 'embedding', k: 1000, maxIter: 30 },
];
const CASES = ALL_CASES.filter(
  (c) => !process.env.CLUSTER_BENCH_CASES || process.env.CLUSTER_BENCH_CASES.split(',').includes(`${c.kind}:${c.k}`),
);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2;
}

const load = (): string => loadavg()[0]?.toFixed(1) ?? '?';

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // rows also go to stderr as they come: a full run takes many minutes on a busy machine
  const add = (row: BenchRow): void => {
    rows.push(row);
    console.error(`bench: ${row.case}: ${row.ratio.toFixed(2)} ${row.unit} (${row.note ?? ''})`);
  };
  const picked = Boolean(process.env.CLUSTER_BENCH_CASES);
  if (!picked) add(kernelRow());
  const haveSklearn = sklearnAvailable();
  const simd = simdKernel(DIM);
  const pool = nodeKernelHelpers(simd ? THREADS - 1 : 0);
  await pool.ready;
  const kernel = simd && sharedKernel(simd, pool.helpers);
  const threads = `lab ${kernel ? kernel.name : 'blocked TS'}`;
  mkdirSync('bench/out', { recursive: true });
  for (const c of CASES) {
    const data = clusterData(c.kind, N, DIM);
    const label = `${N}×${DIM} ${c.kind}, k=${c.k}, maxIter=${c.maxIter}`;
    console.error(`bench: cluster ${label} …`);
    const path = `bench/out/cluster_${N}x${DIM}_${c.kind}.f32`;
    if (haveSklearn) writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const labs: LabRun[] = [];
    const sks: SklearnRun[] = [];
    const loads: string[] = [];
    for (let r = 0; r < REPEAT; r++) {
      // alternate who goes first, so a change in the machine's load falls on both
      const order = r % 2 === 0 ? ['lab', 'sklearn'] : ['sklearn', 'lab'];
      for (const who of order) {
        loads.push(load());
        if (who === 'lab') labs.push(labRun(data, c.k, c.maxIter, 'k-means++', kernel));
        else if (haveSklearn) sks.push(runSklearn(path, c.k, c.maxIter));
      }
    }
    const lab = labs.find((r) => r.seconds === median(labs.map((l) => l.seconds))) ?? (labs[0] as LabRun);
    const facts = (r: LabRun) =>
      `${r.seconds.toFixed(1)} s (seeding ${r.seedSeconds.toFixed(1)} s, CPU ${r.cpuSeconds.toFixed(1)} s) / ${r.result.iterations} it`;
    const all = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ');
    if (haveSklearn) {
      const sk = sks.find((r) => r.seconds === median(sks.map((q) => q.seconds))) ?? (sks[0] as SklearnRun);
      const skFacts = `sklearn ${sk.version} ${sk.seconds.toFixed(1)} s (CPU ${sk.cpu_seconds.toFixed(1)} s) / ${sk.iterations} it`;
      const runs =
        REPEAT > 1
          ? `; medians of ${REPEAT}, lab ${all(labs.map((l) => l.seconds))} s, sklearn ${all(sks.map((q) => q.seconds))} s`
          : '';
      add({
        area: 'cluster',
        case: `k-means time vs sklearn, ${label}`,
        ratio: median(labs.map((l) => l.seconds)) / median(sks.map((q) => q.seconds)),
        unit: '× sklearn wall time (lower is better)',
        note: `lab ${facts(lab)}; ${skFacts}; CPU-time ratio ${(lab.cpuSeconds / sk.cpu_seconds).toFixed(2)} (${threads}, sklearn BLAS + OpenMP)${runs}; load average ${loads.join(', ')}`,
      });
      add({
        area: 'cluster',
        case: `k-means inertia vs sklearn, ${label}`,
        ratio: lab.result.inertia / sk.inertia,
        unit: '× sklearn inertia (≤ 1: as good or better)',
        note: `lab ${lab.result.inertia.toExponential(6)}, sklearn ${sk.inertia.toExponential(6)}`,
      });
    } else {
      add({
        area: 'cluster',
        case: `k-means vs sklearn, ${label}`,
        ratio: NaN,
        unit: 'skipped',
        note: `${PYTHON} has no sklearn; lab ${facts(lab)}`,
      });
    }
    if (c.k >= 1000) {
      const par = labRun(data, c.k, c.maxIter, 'k-means||', kernel);
      add({
        area: 'cluster',
        case: `k-means‖ vs k-means++ seeding, ${label}`,
        ratio: par.result.inertia / lab.result.inertia,
        unit: '× k-means++ final inertia',
        note: `k-means‖ ${facts(par)}; k-means++ ${facts(lab)}; seeding time ratio ${(par.seedSeconds / lab.seedSeconds).toFixed(2)}`,
      });
    }
  }
  kernel?.dispose();
  pool.close();
  if (process.env.CLUSTER_BENCH_HAMERLY === '1') hamerlyRows(N).forEach(add);
  if (!picked) (await poolRows()).forEach(add);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run().then((rows) => console.table(rows.map((r) => ({ ...r, ratio: r.ratio.toFixed(2) }))));
}
