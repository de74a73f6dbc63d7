/**
 * Data for the cluster bench. Two kinds, because they stress k-means differently:
 * - planted blobs (sklearn's make_blobs): 150 Gaussian centres in [−3, 3]^dim with unit noise. Converges in a few
 *   iterations, so seeding dominates the time.
 * - embedding-like: unit-norm rows as a face-embedding network emits them, many overlapping identities (each a
 *   random direction plus isotropic noise of about the same size, renormalised). No cluster structure at the scale
 *   of k, so Lloyd needs many iterations and the iterations dominate.
 */
import { createRng } from '../src/common/rng.ts';
import { gaussianBlobs } from '../src/cluster/testData.ts';

export type ClusterDataKind = 'blobs' | 'embedding';

/** `into`: write the rows there (the browser bench's shared matrix) instead of a new array. */
export function plantedBlobs(n: number, dim: number, seed: number, into?: Float32Array): Float32Array {
  return gaussianBlobs(n, dim, 150, { seed, box: 3, std: 1, into }).data;
}

/** `identities` random unit directions; each row = direction + noise (norm ≈ `spread`), scaled to unit norm. */
export function embeddingLike(n: number, dim: number, seed: number, identities = 5000, spread = 1): Float32Array {
  const rng = createRng(seed);
  const dirs = new Float64Array(identities * dim);
  for (let j = 0; j < identities; j++) {
    let norm = 0;
    for (let t = 0; t < dim; t++) norm += (dirs[j * dim + t] = rng.normal()) ** 2;
    for (let t = 0; t < dim; t++) dirs[j * dim + t] = (dirs[j * dim + t] as number) / Math.sqrt(norm);
  }
  const out = new Float32Array(n * dim);
  const row = new Float64Array(dim);
  const noise = spread / Math.sqrt(dim);
  for (let i = 0; i < n; i++) {
    const j = rng.int(identities);
    let norm = 0;
    for (let t = 0; t < dim; t++) norm += (row[t] = (dirs[j * dim + t] as number) + noise * rng.normal()) ** 2;
    const inv = 1 / Math.sqrt(norm);
    for (let t = 0; t < dim; t++) out[i * dim + t] = (row[t] as number) * inv;
  }
  return out;
}

export function clusterData(kind: ClusterDataKind, n: number, dim: number, seed = 1): Float32Array {
  return kind === 'blobs' ? plantedBlobs(n, dim, seed) : embeddingLike(n, dim, seed);
}

/** Σ x_i · (i mod 1,000 + 1) in float64: the browser bench's page and Node compare their copies of the data with it. */
export function dataChecksum(data: Float32Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i] as number) * ((i % 1000) + 1);
  return s;
}
