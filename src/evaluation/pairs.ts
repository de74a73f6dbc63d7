/**
 * Verification pairs over held-out identities (metric-learning.md, "Evaluation"): every positive pair (same
 * identity), capped and sampled with a seed when there are too many, and at least as many random negative pairs.
 * Negatives default to at least 10,000 so TAR at FAR = 1e-3 rests on ≥ 10 false accepts' worth of pairs.
 */
import { createRng } from '../common/rng';
import { rowDistance, type EvalDistance } from './distance';

export const MAX_POSITIVE_PAIRS = 20_000;
export const MIN_NEGATIVE_PAIRS = 10_000;

export interface VerificationPairs {
  /** [P] first and second row of each pair, a < b. */
  a: Int32Array;
  b: Int32Array;
  /** [P] 1 when both rows share the identity. */
  same: Uint8Array;
}

export interface PairOptions {
  seed: number;
  maxPositives?: number;
  /** Negatives = max(positives × negativeRatio, minNegatives), capped by the negatives that exist. */
  negativeRatio?: number;
  minNegatives?: number;
}

/** Seeded sample of `count` items from `total` by partial Fisher–Yates over an index array (all when count ≥ total). */
function sampleIndices(total: number, count: number, seed: number): Int32Array {
  const idx = Int32Array.from({ length: total }, (_, i) => i);
  if (count >= total) return idx;
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(total - i);
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  return idx.slice(0, count).sort();
}

/**
 * Builds the pair list: positives first (in row order), then negatives.
 * @param labels [N] identity of each row
 */
export function verificationPairs(labels: Int32Array, opts: PairOptions): VerificationPairs {
  const n = labels.length;
  const maxPositives = opts.maxPositives ?? MAX_POSITIVE_PAIRS;
  const ratio = opts.negativeRatio ?? 1;
  const minNegatives = opts.minNegatives ?? MIN_NEGATIVE_PAIRS;

  const posA: number[] = [];
  const posB: number[] = [];
  let totalPairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      totalPairs++;
      if (labels[i] === labels[j]) {
        posA.push(i);
        posB.push(j);
      }
    }
  }
  const keepPos = sampleIndices(posA.length, maxPositives, opts.seed);
  const nPos = keepPos.length;
  const availableNeg = totalPairs - posA.length;
  const nNeg = Math.min(availableNeg, Math.max(Math.ceil(nPos * ratio), minNegatives));

  const a = new Int32Array(nPos + nNeg);
  const b = new Int32Array(nPos + nNeg);
  const same = new Uint8Array(nPos + nNeg);
  keepPos.forEach((p, k) => {
    a[k] = posA[p] as number;
    b[k] = posB[p] as number;
    same[k] = 1;
  });

  const rng = createRng(opts.seed ^ 0x9e3779b9);
  if (nNeg * 2 >= availableNeg) {
    // Dense: enumerate every negative pair and sample among them.
    const negA: number[] = [];
    const negB: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (labels[i] !== labels[j]) {
          negA.push(i);
          negB.push(j);
        }
      }
    }
    const keep = sampleIndices(negA.length, nNeg, rng.int(2 ** 31));
    keep.forEach((p, k) => {
      a[nPos + k] = negA[p] as number;
      b[nPos + k] = negB[p] as number;
    });
  } else {
    // Sparse: rejection-sample distinct pairs of different identities.
    const seen = new Set<number>();
    let k = 0;
    while (k < nNeg) {
      const i = rng.int(n);
      const j = rng.int(n);
      if (i === j || labels[i] === labels[j]) continue;
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      const key = lo * n + hi;
      if (seen.has(key)) continue;
      seen.add(key);
      a[nPos + k] = lo;
      b[nPos + k] = hi;
      k++;
    }
  }
  return { a, b, same };
}

/** @returns [P] d(a[p], b[p]) in float64 (caller owns). */
export function pairDistances(data: Float32Array, dim: number, pairs: VerificationPairs, distance: EvalDistance): Float64Array {
  const out = new Float64Array(pairs.a.length);
  for (let p = 0; p < out.length; p++) out[p] = rowDistance(data, dim, pairs.a[p] as number, pairs.b[p] as number, distance);
  return out;
}
