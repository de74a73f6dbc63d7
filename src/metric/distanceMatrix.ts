/**
 * The batch's distance matrix in float64, for the lesson's step-through heat map: the same distance as the triplet
 * inspector and the margin band (inspect.ts), over rows read back from the backend.
 */
import type { DistanceName } from './distance';
import { distance } from './inspect';

/** [B × B] row-major d(i, j); the diagonal is d(i, i) (≈ 0, or 1e-6 for euclidean's ε). */
export function distanceMatrix(rows: readonly (readonly number[])[], dist: DistanceName): Float64Array {
  const B = rows.length;
  const d = new Float64Array(B * B);
  for (let i = 0; i < B; i++)
    for (let j = i; j < B; j++) {
      const v = distance(rows[i] as number[], rows[j] as number[], dist);
      d[i * B + j] = v;
      d[j * B + i] = v;
    }
  return d;
}

/** Batch positions grouped by identity (stable): same-identity blocks sit on the heat map's diagonal. */
export function identityOrder(labels: ArrayLike<number>): number[] {
  return Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => (labels[a] as number) - (labels[b] as number) || a - b);
}
