/**
 * The cluster bench page (cluster.html): k-means of planted blobs (bench/clusterData.ts, generated here in the page with the seed Node uses
 * for scikit-learn's copy) by the lab's cluster worker through ClusterClient, as the app runs it: one restart, the
 * worker's helpers on the other cores (the page is cross-origin isolated). Driven by bench/browserCluster.ts; the
 * result lands in `window.__bench`. Params: n (rows, default 10^6), k (1,000), maxIter (30), shared (1, default: the matrix lives in a
 * SharedArrayBuffer that the worker and its helpers use as it is; 0: an ArrayBuffer transferred to the worker, which
 * copies it into shared memory for the helpers).
 */
import { ClusterClient } from '../../src/workers/clusterClient';
import type { KMeansProgress } from '../../src/cluster';
import { dataChecksum, plantedBlobs } from '../clusterData';

const DIM = 128;

interface MemoryReport {
  bytes: number;
  /** Bytes by scope (Window, DedicatedWorkerGlobalScope, …), summed. */
  byScope: Record<string, number>;
}

/** performance.measureUserAgentSpecificMemory (cross-origin isolated pages), or why there is none. */
async function measureMemory(timeoutMs: number): Promise<MemoryReport | string> {
  const measure = (
    performance as Performance & {
      measureUserAgentSpecificMemory?: () => Promise<{
        bytes: number;
        breakdown: { bytes: number; attribution: { scope: string }[] }[];
      }>;
    }
  ).measureUserAgentSpecificMemory;
  if (!measure) return 'no measureUserAgentSpecificMemory';
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve(`no answer in ${timeoutMs} ms`), timeoutMs),
  );
  const report = measure.call(performance).then((r) => {
    const byScope: Record<string, number> = {};
    for (const b of r.breakdown) {
      const scope = b.attribution.map((a) => a.scope).join('+') || 'unattributed';
      byScope[scope] = (byScope[scope] ?? 0) + b.bytes;
    }
    return { bytes: r.bytes, byScope };
  });
  return Promise.race([report, timeout]).catch((error: unknown) => String(error));
}

async function clusterTask(params: URLSearchParams) {
  const n = Number(params.get('n') ?? 1_000_000);
  const k = Number(params.get('k') ?? 1000);
  const maxIter = Number(params.get('maxIter') ?? 30);
  const shared = params.get('shared') !== '0';
  const generating = performance.now();
  const data = shared ? new Float32Array(new SharedArrayBuffer(n * DIM * 4)) : new Float32Array(n * DIM);
  plantedBlobs(n, DIM, 1, data);
  const generateMs = performance.now() - generating;
  const sum = dataChecksum(data);
  const client = new ClusterClient();
  // The worker, its helpers and their modules (the dev server transforms them on request) start outside the timing.
  await client.kmeans(plantedBlobs(2000, DIM, 2), DIM, { k: 4, maxIter: 2 });
  const memoryBefore = await measureMemory(30_000);
  (window as unknown as { __clusterStarted: boolean }).__clusterStarted = true;
  let seedMs = NaN;
  let memoryDuring: Promise<MemoryReport | string> | undefined;
  const start = performance.now();
  const result = await client.kmeans(data, DIM, {
    k,
    maxIter,
    tol: 1e-4,
    seed: 0,
    onProgress: (p: KMeansProgress) => {
      if (p.phase !== 'iterating' || !Number.isNaN(seedMs)) return;
      seedMs = performance.now() - start;
      // every buffer of the run exists by now (seeding's and Lloyd's); the page's thread is idle, the worker busy
      memoryDuring = measureMemory(120_000);
    },
  });
  const ms = performance.now() - start;
  client.dispose();
  return {
    n,
    k,
    dim: DIM,
    maxIter,
    shared,
    crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
    generateMs,
    checksum: sum,
    ms,
    seedMs,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    memoryBefore,
    memoryDuring: (await memoryDuring) ?? 'not measured',
  };
}

(window as unknown as { __bench: Promise<unknown> }).__bench = clusterTask(new URLSearchParams(location.search)).catch(
  (error: unknown) => ({ error: String(error) }),
);
