import { describe, expect, it } from 'vitest';
import { clusteringNmi } from './clusteringNmi';
import { embeddingFixture, labelingFixture, SKLEARN } from './testing/sklearnFixtures';

/** Naive NMI (arithmetic normalisation) from the contingency table, float64. */
function naiveNmi(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const n = truth.length;
  const joint = new Map<string, number>();
  const a = new Map<number, number>();
  const b = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = truth[i] as number;
    const p = pred[i] as number;
    joint.set(`${t},${p}`, (joint.get(`${t},${p}`) ?? 0) + 1);
    a.set(t, (a.get(t) ?? 0) + 1);
    b.set(p, (b.get(p) ?? 0) + 1);
  }
  let mi = 0;
  for (const [k, c] of joint) {
    const [t, p] = k.split(',').map(Number) as [number, number];
    mi += (c / n) * Math.log((n * c) / ((a.get(t) as number) * (b.get(p) as number)));
  }
  const h = (m: Map<number, number>) => [...m.values()].reduce((s, c) => s - (c / n) * Math.log(c / n), 0);
  return mi / ((h(a) + h(b)) / 2);
}

describe('clusteringNmi', () => {
  it('the naive oracle agrees with sklearn normalized_mutual_info_score', () => {
    const { truth, pred } = labelingFixture(SKLEARN.nmi.seed, SKLEARN.nmi.n);
    expect(naiveNmi(truth, pred)).toBeCloseTo(SKLEARN.nmi.nmi, 12);
  });

  it('is 1 for well-separated identities', async () => {
    // 4 identities at the corners of a square, 5 tight points each.
    const labels = Int32Array.from({ length: 20 }, (_, i) => Math.floor(i / 5));
    const corners = [[0, 0], [10, 0], [0, 10], [10, 10]];
    const data = Float32Array.from(Array.from(labels).flatMap((l, i) => (corners[l] as number[]).map((c) => c + (i % 5) * 0.01)));
    const score = await clusteringNmi(data, 2, labels, 1);
    expect(score.k).toBe(4);
    expect(score.nmi).toBeCloseTo(1, 12);
  });

  it('scores its own k-means assignment like the naive oracle, seeded', async () => {
    const { data, labels } = embeddingFixture(11, 60, 4, 8);
    const score = await clusteringNmi(data, 4, labels, 3);
    expect(score.k).toBe(new Set(labels).size);
    expect(new Set(score.assignments).size).toBeLessThanOrEqual(score.k);
    expect(score.nmi).toBeCloseTo(naiveNmi(labels, score.assignments), 12);
    expect(score.nmi).toBeGreaterThan(0.2);
    expect((await clusteringNmi(data, 4, labels, 3)).nmi).toBe(score.nmi);
  });
});
