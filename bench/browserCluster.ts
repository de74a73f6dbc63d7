/**
 * Browser bench part `cluster1m` (BENCH_BROWSER_PARTS=cluster1m; not in the default parts: at 10^6 rows the lab's
 * run and scikit-learn's take several minutes each): k-means of 10^6 × 128 planted blobs, k = 1,000, max_iter 30,
 * tol 1e-4, by the lab's cluster worker in Chromium (bench/browser/cluster.html: the matrix made in the page, handed
 * to the worker in a SharedArrayBuffer, helpers on the other cores) against scikit-learn (bench/sklearn_kmeans.py:
 * lloyd, n_init 1, k-means++) on the same data, written from Node with the same generator and seed (a checksum says
 * both sides hold the same values). Run one after the other, never at once.
 *
 * Memory: the resident set of Chromium's processes (/proc/<pid>/status of the processes CDP's
 * SystemInfo.getProcessInfo lists), sampled every second while the lab runs, the renderer's peak (VmHWM: the page,
 * its cluster worker and the helpers share that process) and performance.measureUserAgentSpecificMemory from the
 * page where it answers; scikit-learn's peak resident set (ru_maxrss, the data included).
 *
 * BENCH_CLUSTER_N shrinks n for a quick run (e.g. 20000), BENCH_CLUSTER_K changes k, BENCH_CLUSTER_SHARED=0 hands the
 * worker a transferred ArrayBuffer instead (which the worker copies into shared memory for its helpers).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { dataChecksum, plantedBlobs } from './clusterData.ts';
import type { BenchRow } from './row.ts';
import type { SklearnRun as ClusterSklearnRun } from './cluster.ts';

const N = Number(process.env.BENCH_CLUSTER_N ?? 1_000_000);
const K = Number(process.env.BENCH_CLUSTER_K ?? 1000);
const SHARED = process.env.BENCH_CLUSTER_SHARED !== '0';
const DIM = 128;
const MAX_ITER = 30;
const TOL = 1e-4;
const PYTHON = '/usr/bin/python3';
const MIB = 1024 * 1024;

interface PageResult {
  error?: string;
  n: number;
  shared: boolean;
  crossOriginIsolated: boolean;
  cores: number;
  generateMs: number;
  checksum: number;
  ms: number;
  seedMs: number;
  inertia: number;
  iterations: number;
  converged: boolean;
  memoryBefore: { bytes: number; byScope: Record<string, number> } | string;
  memoryDuring: { bytes: number; byScope: Record<string, number> } | string;
}

interface SklearnRun extends ClusterSklearnRun {
  max_rss_kb: number;
}

/** VmRSS and VmHWM of a process in bytes (0 when it is gone). */
function residentBytes(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

const load = (): string => loadavg()[0]?.toFixed(1) ?? '?';
const mb = (bytes: number): string => `${Math.round(bytes / MIB)} MiB`;

function pageMemory(m: PageResult['memoryDuring']): string {
  if (typeof m === 'string') return m;
  const scopes = Object.entries(m.byScope).map(([scope, bytes]) => `${scope} ${mb(bytes)}`);
  return `${mb(m.bytes)} (${scopes.join(', ')})`;
}

export async function clusterRows(browser: Browser, base: string): Promise<BenchRow[]> {
  const label = `${N.toLocaleString('en')}×${DIM} planted blobs, k=${K.toLocaleString('en')}, maxIter=${MAX_ITER}`;
  // scikit-learn's copy: the page makes the same rows (same generator, seed 1), and the checksums must agree
  mkdirSync('bench/out', { recursive: true });
  const path = `bench/out/cluster_${N}x${DIM}_blobs.f32`;
  const nodeData = plantedBlobs(N, DIM, 1);
  const nodeSum = dataChecksum(nodeData);
  if (!existsSync(path) || readFileSync(path).byteLength !== nodeData.byteLength) {
    writeFileSync(path, new Uint8Array(nodeData.buffer, nodeData.byteOffset, nodeData.byteLength));
  }

  const cdp = await browser.newBrowserCDPSession();
  const processes = async () => {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return info.processInfo;
  };
  const page = await browser.newPage();
  page.on('console', (msg) => msg.type() === 'error' && console.error(`cluster bench page console: ${msg.text()}`));
  // the peak resident set of each process, and of all of them together
  const peaks = new Map<number, { type: string; peak: number }>();
  let peakAll = 0;
  const sample = async () => {
    const list = await processes().catch(() => []);
    let all = 0;
    for (const p of list) {
      const { rss } = residentBytes(p.id);
      all += rss;
      const seen = peaks.get(p.id);
      peaks.set(p.id, { type: p.type, peak: Math.max(rss, seen?.peak ?? 0) });
    }
    peakAll = Math.max(peakAll, all);
  };
  const labLoad = load();
  const timer = setInterval(() => void sample(), 1000);
  let result: PageResult;
  try {
    await page.goto(`${base}/bench/browser/cluster.html?n=${N}&k=${K}&maxIter=${MAX_ITER}&shared=${SHARED ? 1 : 0}`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench !== undefined, null, {
      timeout: 600_000,
    });
    result = (await page.evaluate(() => (window as unknown as { __bench: Promise<unknown> }).__bench)) as PageResult;
  } finally {
    clearInterval(timer);
  }
  await sample();
  // the page's renderer (the page, its cluster worker and the helpers are threads of it): the one that grew most
  const [pid, pagePeak] = [...peaks]
    .filter(([, p]) => p.type === 'renderer')
    .sort((a, b) => b[1].peak - a[1].peak)[0] ?? [0, { peak: 0 }];
  const { rss: rendererEnd, hwm: rendererHwm } = residentBytes(pid);
  const others = [...peaks].filter(([id]) => id !== pid).map(([, p]) => `${p.type} ${mb(p.peak)}`);
  await page.close();
  await cdp.detach();
  if (result.error) throw new Error(`cluster bench page: ${result.error}`);
  if (result.checksum !== nodeSum)
    throw new Error(`cluster bench: page data checksum ${result.checksum} ≠ Node's ${nodeSum}`);

  const sklearnLoad = load();
  const args = ['bench/sklearn_kmeans.py', path, N, DIM, K, 1, MAX_ITER, TOL, 0].map(String);
  const out = execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const sk = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as SklearnRun;

  const matrix = N * DIM * 4;
  const input = result.shared ? 'SharedArrayBuffer matrix' : 'transferred matrix';
  const lab = `lab ${(result.ms / 1000).toFixed(1)} s (seeding ${(result.seedMs / 1000).toFixed(1)} s) / ${result.iterations} it, cluster worker + helpers on ${result.cores} cores (cross-origin isolated: ${result.crossOriginIsolated}), ${input}`;
  const skFacts = `sklearn ${sk.version} ${sk.seconds.toFixed(1)} s (CPU ${sk.cpu_seconds.toFixed(1)} s) / ${sk.iterations} it`;
  const memory = `the page's renderer: peak resident ${mb(rendererHwm)} (VmHWM; sampled every second ${mb(pagePeak.peak)}; ${mb(rendererEnd)} after the run; a shared matrix counts once), all Chromium processes together at most ${mb(peakAll)} (peaks of the others: ${others.join(', ')}); page's measureUserAgentSpecificMemory before the run ${pageMemory(result.memoryBefore)}, after seeding ${pageMemory(result.memoryDuring)}; sklearn peak resident ${mb(sk.max_rss_kb * 1024)}`;
  return [
    {
      area: 'cluster',
      case: `k-means time vs sklearn in Chromium, ${label}`,
      ratio: result.ms / 1000 / sk.seconds,
      unit: '× sklearn wall time (lower is better)',
      note: `${lab}; ${skFacts}; data made in the page in ${(result.generateMs / 1000).toFixed(1)} s; load average ${labLoad} (lab), ${sklearnLoad} (sklearn)`,
    },
    {
      area: 'cluster',
      case: `k-means inertia vs sklearn in Chromium, ${label}`,
      ratio: result.inertia / sk.inertia,
      unit: '× sklearn inertia (≤ 1: as good or better)',
      note: `lab ${result.inertia.toExponential(6)}, sklearn ${sk.inertia.toExponential(6)}`,
    },
    {
      area: 'cluster',
      case: `k-means memory in Chromium, ${label}`,
      ratio: rendererHwm / matrix,
      unit: `× the matrix's ${mb(matrix)} (renderer peak resident)`,
      note: memory,
    },
  ];
}
