/**
 * The triplet inspector's arithmetic, in plain float64 JavaScript over a batch read back from the backend: every
 * valid triplet's d_ap, d_an and class, and whether the chosen miner would pick it. For a teaching view of one
 * batch (B ≤ a few hundred), not for training.
 */
import type { DistanceName } from './distance';
import type { InspectorSelection } from './lossInfo';

export type TripletClass = 'hard' | 'semiHard' | 'easy';

export interface InspectedTriplet {
  anchor: number;
  positive: number;
  negative: number;
  apDist: number;
  anDist: number;
  kind: TripletClass;
  /** True / false where the miner's rule is a per-triplet choice; null where it is not (e.g. lifted). */
  picked: boolean | null;
}

/** The spec's distances, on rows that are already normalised when the loss normalises. */
export function distance(a: readonly number[], b: readonly number[], name: DistanceName): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  const sq = Math.max(na + nb - 2 * dot, 0);
  switch (name) {
    case 'euclidean':
      return Math.sqrt(sq + 1e-12);
    case 'squaredEuclidean':
      return sq;
    case 'cosine':
      return 1 - dot / Math.sqrt(na * nb || 1e-24);
  }
}

export function classify(apDist: number, anDist: number, margin: number): TripletClass {
  if (anDist < apDist) return 'hard';
  return anDist < apDist + margin ? 'semiHard' : 'easy';
}

/** Every valid triplet of the batch with its class and whether the loss's miner (its declared `selection`) picks it. */
export function inspectBatch(
  embeddings: number[][],
  labels: number[],
  margin: number,
  dist: DistanceName,
  selection: InspectorSelection,
): InspectedTriplet[] {
  const B = labels.length;
  const d = embeddings.map((a) => embeddings.map((b) => distance(a, b, dist)));
  const out: InspectedTriplet[] = [];
  for (let a = 0; a < B; a++) {
    const row = d[a] as number[];
    let hardestP = -1;
    let hardestN = -1;
    for (let j = 0; j < B; j++) {
      if (j === a) continue;
      if (labels[j] === labels[a]) {
        if (hardestP < 0 || (row[j] as number) > (row[hardestP] as number)) hardestP = j;
      } else if (hardestN < 0 || (row[j] as number) < (row[hardestN] as number)) hardestN = j;
    }
    for (let p = 0; p < B; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const ap = row[p] as number;
      // FaceNet semi-hard: the closest negative farther than the positive.
      let semi = -1;
      for (let n = 0; n < B; n++) {
        if (labels[n] === labels[a]) continue;
        if ((row[n] as number) > ap && (semi < 0 || (row[n] as number) < (row[semi] as number))) semi = n;
      }
      for (let n = 0; n < B; n++) {
        if (labels[n] === labels[a]) continue;
        const an = row[n] as number;
        const kind = classify(ap, an, margin);
        let picked: boolean | null;
        switch (selection) {
          case 'all':
            picked = true;
            break;
          case 'hardestPerAnchor':
            picked = p === hardestP && n === hardestN;
            break;
          case 'semiHardNegative':
            picked = n === semi;
            break;
          case 'marginViolating':
            picked = kind !== 'easy';
            break;
          case 'none':
            picked = null;
        }
        out.push({ anchor: a, positive: p, negative: n, apDist: ap, anDist: an, kind, picked });
      }
    }
  }
  return out;
}
