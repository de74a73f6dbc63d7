/**
 * TAR at a fixed FAR (e.g. 1e-3): the share of positive pairs accepted by the loosest threshold that accepts at most
 * ⌊FAR · negatives⌋ negative pairs. It is only meaningful with ≥ 1 / FAR negatives, so the count travels with it.
 */

export interface TarAtFar {
  far: number;
  tar: number;
  /** The FAR actually reached (≤ far). */
  farReached: number;
  /** Accept d < threshold (strictly: ties with the first rejected negative are rejected too). */
  threshold: number;
  /** Negative pairs it rests on. */
  negatives: number;
  /** Whether negatives ≥ 1 / far, i.e. the FAR can be resolved at all. */
  enough: boolean;
}

/**
 * @param distances [P] pair distances
 * @param same [P] 1 for a positive pair
 */
export function tarAtFar(distances: Float64Array, same: Uint8Array, far: number): TarAtFar {
  const neg: number[] = [];
  const pos: number[] = [];
  for (let p = 0; p < distances.length; p++) (same[p] ? pos : neg).push(distances[p] as number);
  neg.sort((x, y) => x - y);
  const allowed = Math.floor(far * neg.length);
  // Accepting d < neg[allowed] lets through at most `allowed` negatives (fewer when neg[allowed] has ties below it).
  const threshold = allowed < neg.length ? (neg[allowed] as number) : Infinity;
  let falseAccepts = 0;
  for (const d of neg) if (d < threshold) falseAccepts++;
  let trueAccepts = 0;
  for (const d of pos) if (d < threshold) trueAccepts++;
  return {
    far,
    tar: pos.length > 0 ? trueAccepts / pos.length : 0,
    farReached: neg.length > 0 ? falseAccepts / neg.length : 0,
    threshold,
    negatives: neg.length,
    enough: neg.length >= Math.ceil(1 / far),
  };
}
