/**
 * The heavy pass of k-means++ seeding (kmeansPlusPlus.ts), O(open rows · trials · dim) a step: for every open row
 * and every candidate, the row's D² were that candidate added. Apart from the seeding so that a thread pool
 * (sharedKernel.ts) can run blocks of it on helper threads: each row's values depend on that row alone, so the
 * results are the same whoever computes a block, and the potentials are summed afterwards by the caller in row order.
 */
import { BLOCK_ROWS } from './distanceKernel';
import type { DistanceKernel, SeedTrialsJob } from './distanceKernel';

/**
 * Writes `out[p · trials + t]` = min(D²(x), ‖x − candidate t‖²) for `x = rows[p]`, `p ∈ [from, to)`; the distance is
 * computed only where the triangle inequality does not rule the candidate out (‖candidate − c_a‖ ≥ 2 D(x)).
 * @param dots scratch of at least BLOCK_ROWS · trials values
 */
export function seedTrials(
  kernel: DistanceKernel,
  job: SeedTrialsJob,
  from: number,
  to: number,
  out: Float64Array,
  dots: Float64Array,
): void {
  const { data, norms, rows, closest, nearest, candNorms, candToCenterSq, stride, trials } = job;
  for (let b = from; b < to; b += BLOCK_ROWS) {
    const e = Math.min(to, b + BLOCK_ROWS);
    kernel.dots(data, rows, b, e, dots);
    for (let p = b; p < e; p++) {
      const i = rows[p] as number;
      const d2 = closest[i] as number;
      const a = nearest[i] as number;
      for (let t = 0; t < trials; t++) {
        let v = d2;
        if ((candToCenterSq[t * stride + a] as number) < 4 * d2) {
          const dt = Math.max(
            0,
            (norms[i] as number) + (candNorms[t] as number) - 2 * (dots[(p - b) * trials + t] as number),
          );
          if (dt < v) v = dt;
        }
        out[p * trials + t] = v;
      }
    }
  }
}
