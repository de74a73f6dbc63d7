/** TEST ONLY: seeded batches for the metric tests. */
import { createRng } from '../../common/rng';
import type { Mat } from './oracle';

/** P identities × K images, plus `extra` singletons; embeddings N(0, 1) rounded to float32. */
export function randomBatch(p: number, k: number, d: number, seed: number, extra = 0): { x: Mat; labels: number[] } {
  const rng = createRng(seed);
  const labels: number[] = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < k; j++) labels.push(i);
  for (let i = 0; i < extra; i++) labels.push(p + i);
  rng.shuffle(labels);
  const x = labels.map(() => Array.from({ length: d }, () => Math.fround(rng.normal())));
  return { x, labels };
}
