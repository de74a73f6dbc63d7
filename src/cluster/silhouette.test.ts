import { describe, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { silhouette } from './silhouette';

// 30 × 3 rows with exact float32 values, and two labelings. sklearn fixtures computed once with scikit-learn 1.2.1:
//   silhouette_score(X, LAB), silhouette_score(X, LAB2), silhouette_score(X, LAB, metric='cosine')
// (X as float32, so sklearn's values carry float32 rounding: compared to 1e-6).
const X = Float32Array.from({ length: 90 }, (_, q) => {
  const i = Math.floor(q / 3);
  const t = q % 3;
  return ((i * 7 + t * 13) % 17) / 4 + (i % 3 === t ? 3 : 0);
});
const LAB = Array.from({ length: 30 }, (_, i) => i % 3);
const LAB2 = Array.from({ length: 30 }, (_, i) => (i * i) % 4);
const SK = { lab: 0.25829256, lab2: -0.0009394825, cosine: 0.41820636 };

/** Naive silhouette by the definition, for the sampled-subset check. */
function oracle(rows: number[][], labels: number[]): number {
  const d = (a: number[], b: number[]) => Math.hypot(...a.map((v, t) => v - b[t]!));
  const clusters = [...new Set(labels)];
  let total = 0;
  rows.forEach((x, i) => {
    const mean = (c: number) => {
      const others = rows.filter((_, j) => j !== i && labels[j] === c);
      return others.reduce((s, y) => s + d(x, y), 0) / others.length;
    };
    if (labels.filter((l) => l === labels[i]).length === 1) return;
    const a = mean(labels[i]!);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map(mean));
    total += (b - a) / Math.max(a, b);
  });
  return total / rows.length;
}

describe('silhouette', () => {
  it('matches scikit-learn on fixtures', () => {
    expect(silhouette(X, 3, LAB)).toBeCloseTo(SK.lab, 6);
    expect(silhouette(X, 3, LAB2)).toBeCloseTo(SK.lab2, 6);
    expect(silhouette(X, 3, LAB, { metric: 'cosine' })).toBeCloseTo(SK.cosine, 6);
  });

  it('hand-checked: two tight pairs far apart', () => {
    // 1-d points 0, 1 | 10, 11: a = 1 for all; b = 10.5, 9.5, 9.5, 10.5 → s = 1 − 1/b
    const s = silhouette(Float32Array.from([0, 1, 10, 11]), 1, [0, 0, 1, 1]);
    expect(s).toBeCloseTo((1 - 1 / 10.5 + 1 - 1 / 9.5 + 1 - 1 / 9.5 + 1 - 1 / 10.5) / 4, 12);
  });

  it('on a sample: equals the silhouette of the sampled rows (same seeded draw)', () => {
    const sample = createRng(4).shuffle(Array.from({ length: 30 }, (_, i) => i)).slice(0, 12);
    const rows = sample.map((i) => Array.from(X.subarray(i * 3, i * 3 + 3)));
    const want = oracle(rows, sample.map((i) => LAB2[i]!));
    expect(silhouette(X, 3, LAB2, { sampleSize: 12, seed: 4 })).toBeCloseTo(want, 12);
  });

  it('throws with a single cluster', () => {
    expect(() => silhouette(X, 3, new Array(30).fill(0))).toThrow(RangeError);
  });
});
