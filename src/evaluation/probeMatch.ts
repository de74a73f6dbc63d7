/**
 * Try a face against the evaluation: the probe's distance to every held-out image (the same float64 loop as the
 * evaluation's pair distances, so a probe equal to a gallery image reads exactly as that image's pairs), its
 * nearest identities, and a same / different verdict against one identity at a verification threshold.
 */
import { rowDistance, type EvalDistance } from './distance';

export interface ProbeGallery {
  /** [N × dim] row-major embeddings (the evaluation's validation images). */
  embeddings: Float32Array;
  dim: number;
  /** [N] identity of each row. */
  labels: Int32Array;
}

export interface IdentityMatch {
  identity: number;
  /** Distance to the identity's closest image. */
  distance: number;
  /** Gallery row of that image. */
  row: number;
}

/** [N] distances from `probe` to every gallery row. */
export function probeDistances(probe: Float32Array, gallery: ProbeGallery, distance: EvalDistance): Float64Array {
  const { dim, embeddings } = gallery;
  if (probe.length !== dim)
    throw new Error(
      `The probe has ${probe.length} dimensions but the gallery ${dim}: evaluate again with the current network.`,
    );
  const n = embeddings.length / dim;
  const pair = new Float32Array(2 * dim);
  pair.set(probe);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    pair.set(embeddings.subarray(j * dim, (j + 1) * dim), dim);
    out[j] = rowDistance(pair, dim, 0, 1, distance);
  }
  return out;
}

/** Every identity by its closest image, nearest first (ties: lower identity first). */
export function nearestIdentities(distances: Float64Array, labels: Int32Array): IdentityMatch[] {
  const best = new Map<number, IdentityMatch>();
  for (let j = 0; j < distances.length; j++) {
    const identity = labels[j] as number;
    const d = distances[j] as number;
    const seen = best.get(identity);
    if (!seen || d < seen.distance) best.set(identity, { identity, distance: d, row: j });
  }
  return [...best.values()].sort((a, b) => a.distance - b.distance || a.identity - b.identity);
}

export interface Verdict {
  identity: number;
  /** Accept as the same person when the closest of the identity's images is within the threshold (d ≤ t). */
  same: boolean;
  distance: number;
  threshold: number;
}

export function verdictAgainst(matches: readonly IdentityMatch[], identity: number, threshold: number): Verdict {
  const m = matches.find((x) => x.identity === identity);
  if (!m) throw new Error(`Identity ${identity} has no held-out images to compare with.`);
  return { identity, same: m.distance <= threshold, distance: m.distance, threshold };
}
