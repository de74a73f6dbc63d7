import { describe, expect, it } from 'vitest';
import { emptyQueryScores, rankNeighbours, retrievalMetrics, scoreQueries } from './retrieval';
import { embeddingFixture, SKLEARN } from './testing/sklearnFixtures';

describe('retrievalMetrics', () => {
  it('hand fixture on a line (ties by row index, singleton identity excluded)', () => {
    // Rows x = 0 A, 1 A, 2 B, 10 A, 11 B, 30 B, 50 C. A and B have R = 2; C has R = 0 and is left out.
    // q0: 1A 2B … → rel [1,0]: hit@1 1, R-prec 1/2, AP@R (1/1)/2 = 1/2.
    // q1: 0A (d 1, lower index wins the tie with 2B) 2B → same as q0: 1, 1/2, 1/2.
    // q2: 1A 0A 3A 4B → [0,0]: 0, 0, 0; a B at rank 4 → hit@5 1.
    // q3: 4B 2B 1A 0A 5B → [0,0]: 0, 0, 0; hit@5 1.
    // q4: 3A 2B → [0,1]: 0, 1/2, (1/2)/2 = 1/4.
    // q5: 4B 3A → [1,0]: 1, 1/2, 1/2.
    // Recall@1 = 3/6, Recall@5 = 6/6, R-precision = 2/6, mAP@R = (0.5+0.5+0+0+0.25+0.5)/6 = 1.75/6.
    const data = Float32Array.from([0, 1, 2, 10, 11, 30, 50]);
    const labels = Int32Array.from([0, 0, 1, 0, 1, 1, 2]);
    const m = retrievalMetrics(data, 1, labels, 'euclidean');
    expect(m.queries).toBe(6);
    expect(m.recallAt1).toBeCloseTo(0.5, 12);
    expect(m.recallAt5).toBe(1);
    expect(m.rPrecision).toBeCloseTo(1 / 3, 12);
    expect(m.mapAtR).toBeCloseTo(1.75 / 6, 12);
  });

  it('mAP@R rewards early hits: R = 3 with hits at ranks 1 and 3 gives (1/1 + 2/3)/3 = 5/9', () => {
    // q0 at 0: neighbours 1A 2B 3A 4A; R = 3, rel [1,0,1].
    const data = Float32Array.from([0, 1, 2, 3, 4]);
    const labels = Int32Array.from([0, 0, 1, 0, 0]);
    const scores = emptyQueryScores(5);
    scoreQueries(data, 1, labels, 'euclidean', scores, 0, 1);
    expect(scores.relevant[0]).toBe(3);
    expect(scores.averagePrecisionAtR[0]).toBeCloseTo(5 / 9, 12);
    expect(scores.rPrecision[0]).toBeCloseTo(2 / 3, 12);
    expect(Number.isNaN(scores.hitAt1[1])).toBe(true); // not scored: outside [from, to)
  });

  it('matches a numpy implementation of the AccuracyCalculator definitions', () => {
    const ref = SKLEARN.retrieval;
    const { data, labels } = embeddingFixture(ref.seed, ref.n, ref.dim, ref.identities);
    for (const distance of ['euclidean', 'squaredEuclidean', 'cosine'] as const) {
      const m = retrievalMetrics(data, ref.dim, labels, distance);
      expect(m.queries).toBe(ref.queries);
      expect(m.recallAt1).toBeCloseTo(ref.recallAt1, 12);
      expect(m.recallAt5).toBeCloseTo(ref.recallAt5, 12);
      expect(m.rPrecision).toBeCloseTo(ref.rPrecision, 12);
      expect(m.mapAtR).toBeCloseTo(ref.mapAtR, 12);
    }
  });

  it('rankNeighbours leaves the query out and sorts by distance', () => {
    const data = Float32Array.from([5, 0, 7, 4]);
    const { order, distances } = rankNeighbours(data, 1, 0, 'euclidean');
    expect(Array.from(order)).toEqual([3, 2, 1]);
    expect(Array.from(distances)).toEqual([0, 5, 2, 1]);
  });
});
