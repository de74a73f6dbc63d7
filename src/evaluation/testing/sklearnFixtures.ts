/**
 * Inputs rebuilt from a seed (mulberry32, as createRng) and reference values printed by sklearnOracle.py in this
 * folder: `/usr/bin/python3 src/evaluation/testing/sklearnOracle.py` (Debian python3-sklearn 1.2.1,
 * scipy 1.10.1, numpy). The Python script ports mulberry32 bit for bit, so both sides see the same numbers.
 */
import { createRng } from '../../common/rng';

/** Pair distances on a 1/50 grid (many ties); positives ~30% and shifted left by 0.35. */
export function verificationFixture(seed: number, count: number): { distances: Float64Array; same: Uint8Array } {
  const rng = createRng(seed);
  const distances = new Float64Array(count);
  const same = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const s = rng.next() < 0.3 ? 1 : 0;
    distances[i] = Math.floor((rng.next() + (s ? 0 : 0.35)) * 50) / 50;
    same[i] = s;
  }
  return { distances, same };
}

/** Rows: an identity centre plus noise, L2-normalised in float64, stored as float32. */
export function embeddingFixture(seed: number, n: number, dim: number, identities: number): { data: Float32Array; labels: Int32Array } {
  const rng = createRng(seed);
  const centres = Array.from({ length: identities }, () => Array.from({ length: dim }, () => rng.next() * 2 - 1));
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = Math.floor(rng.next() * identities);
    const v = (centres[l] as number[]).map((c) => c + (rng.next() * 2 - 1) * 0.8);
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    labels[i] = l;
    v.forEach((x, d) => (data[i * dim + d] = x / norm));
  }
  return { data, labels };
}

/** Two labelings of 200 points over 6 labels; `pred` keeps `truth` half the time. */
export function labelingFixture(seed: number, n: number): { truth: number[]; pred: number[] } {
  const rng = createRng(seed);
  const truth = Array.from({ length: n }, () => Math.floor(rng.next() * 6));
  const pred = truth.map((t) => (rng.next() < 0.5 ? Math.floor(rng.next() * 6) : t));
  return { truth, pred };
}

/** 50 × 5 rows uniform in ±scale per column. */
export function pcaFixture(seed: number, n: number, scales: number[]): Float32Array {
  const rng = createRng(seed);
  const data = new Float32Array(n * scales.length);
  for (let i = 0; i < n; i++) scales.forEach((s, d) => (data[i * scales.length + d] = (rng.next() * 2 - 1) * s));
  return data;
}

/** Printed by sklearnOracle.py (json), unchanged. */
export const SKLEARN = {
  verification: {
    seed: 7,
    count: 3000,
    positives: 924,
    negatives: 2076,
    /** roc_auc_score(same, -dist) */
    auc: 0.789913482471286,
    /** len(roc_curve(same, -dist, drop_intermediate=False)[0]) */
    points: 69,
    fprSum: 26.31888246628131,
    tprSum: 43.547619047619044,
    fpr5: [0, 0, 0, 0, 0],
    tpr5: [0, 0.012987012987012988, 0.03571428571428571, 0.06168831168831169, 0.08116883116883117],
    /** brentq(lambda x: 1 - x - interp1d(fpr, tpr)(x), 0, 1), facenet's EER */
    eer: 0.3161624507436126,
    /** max tpr where fpr ≤ FAR */
    tarAtFar1e3: 0.33766233766233766,
    tarAtFar1e2: 0.33766233766233766,
    tarAtFar1e1: 0.4274891774891775,
  },
  /** numpy, PML AccuracyCalculator definitions, stable argsort */
  retrieval: { seed: 11, n: 60, dim: 4, identities: 8, recallAt1: 0.35, recallAt5: 0.75, rPrecision: 0.27994949494949495, mapAtR: 0.17899015178844727, queries: 60 },
  /** normalized_mutual_info_score(truth, pred) */
  nmi: { seed: 5, n: 200, nmi: 0.29236334206761494 },
  /** sklearn PCA(n_components=2); explained_variance_ × (n − 1) / n */
  pca: {
    seed: 3,
    n: 50,
    scales: [3, 2, 1, 0.5, 0.25],
    varianceOverN: [2.968631566521844, 1.2382290075986604],
    explained: 0.9024435261012007,
    absProjFirst3: [
      [1.1643876432829097, 2.252304124029868],
      [0.0733682083776603, 0.35721767734133375],
      [1.9714844378495575, 1.7306519553618915],
    ],
  },
} as const;
