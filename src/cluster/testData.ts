/** Seeded synthetic data for tests and the bench: isotropic Gaussian blobs (as sklearn's make_blobs). */
import { createRng } from '../common/rng';

export interface Blobs {
  /** [n × dim] row-major points. */
  data: Float32Array;
  /** [n] the blob of each point. */
  labels: Int32Array;
  /** [k × dim] blob means. */
  means: Float32Array;
}

/**
 * `n` points round `k` means drawn uniformly in [−box, box]^dim, with per-coordinate standard deviation `std`;
 * point i belongs to blob i mod k (so every blob is used). `into`: write the points there (e.g. shared memory) instead
 * of a new array.
 */
export function gaussianBlobs(
  n: number,
  dim: number,
  k: number,
  opts: { seed?: number; std?: number; box?: number; into?: Float32Array } = {},
): Blobs {
  const rng = createRng(opts.seed ?? 0);
  const box = opts.box ?? 10;
  const std = opts.std ?? 1;
  const means = new Float32Array(k * dim);
  for (let i = 0; i < means.length; i++) means[i] = (2 * rng.next() - 1) * box;
  const data = opts.into ?? new Float32Array(n * dim);
  if (data.length !== n * dim) throw new RangeError(`gaussianBlobs: into has ${data.length} values, not n · dim = ${n * dim}`);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let t = 0; t < dim; t++) data[i * dim + t] = (means[c * dim + t] as number) + std * rng.normal();
  }
  return { data, labels, means };
}
