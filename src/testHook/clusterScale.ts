/**
 * The clustering scale check of the subspace issue, callable from e2e: n generated identity vectors (Gaussian blobs)
 * clustered by the cluster worker while the page stays responsive. Generation runs in slices so that it, too, leaves
 * the page free.
 */
import { createRng } from '../common/rng';
import { yieldToEventLoop } from '../common/schedule';
import { ClusterClient } from '../workers/clusterClient';

export interface ScaleRun {
  n: number;
  dim: number;
  k: number;
  ms: number;
  iterations: number;
  inertia: number;
  /** Page time stamps around the clustering itself, to match long-task entries against. */
  start: number;
  end: number;
}

export async function clusterBlobs(n: number, dim: number, k: number, maxIter = 5): Promise<ScaleRun> {
  const rng = createRng(7);
  const centres = Float32Array.from({ length: k * dim }, () => rng.normal() * 3);
  const data = new Float32Array(n * dim);
  const SLICE = 2_000;
  for (let at = 0; at < n; at += SLICE) {
    for (let i = at; i < Math.min(n, at + SLICE); i++) {
      const c = rng.int(k);
      for (let d = 0; d < dim; d++) data[i * dim + d] = (centres[c * dim + d] as number) + rng.normal();
    }
    await yieldToEventLoop();
  }
  const client = new ClusterClient({ maxWorkers: 1 });
  const start = performance.now();
  try {
    const result = await client.kmeans(data, dim, { k, seed: 1, nInit: 1, maxIter, localTrials: 1 });
    const end = performance.now();
    return { n, dim, k, ms: end - start, iterations: result.iterations, inertia: result.inertia, start, end };
  } finally {
    client.dispose();
  }
}
