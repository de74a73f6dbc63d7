import { describe, expect, it } from 'vitest';
import { evaluateEmbeddings, type EvaluationPhase } from './evaluate';
import { retrievalMetrics } from './retrieval';
import { embeddingFixture, SKLEARN } from './testing/sklearnFixtures';

describe('evaluateEmbeddings', () => {
  it('perfectly separated identities score 1 everywhere (AUC, accuracy, recall, mAP@R, NMI) and EER 0', async () => {
    // 6 identities on orthogonal axes of R^6, 4 slightly perturbed images each, normalised.
    const dim = 6;
    const labels = Int32Array.from({ length: 24 }, (_, i) => Math.floor(i / 4));
    const data = new Float32Array(24 * dim);
    labels.forEach((l, i) => {
      data[i * dim + l] = 1;
      data[i * dim + ((l + 1) % dim)] = 0.05 * (i % 4);
    });
    for (let i = 0; i < 24; i++) {
      const row = data.subarray(i * dim, (i + 1) * dim);
      const norm = Math.hypot(...row);
      row.forEach((x, d) => (row[d] = x / norm));
    }
    const r = await evaluateEmbeddings({ embeddings: data, dim, labels }, { distance: 'euclidean', seed: 1 });
    expect(r.images).toBe(24);
    expect(r.identities).toBe(6);
    expect(r.verification.positives).toBe(36); // 6 × C(4,2)
    expect(r.verification.negatives).toBe(240); // C(24,2) − 36: all of them (fewer than 10,000 exist)
    expect(r.verification.auc).toBe(1);
    expect(r.verification.eer).toBe(0);
    expect(r.verification.accuracy.mean).toBe(1);
    expect(r.verification.tarAtFar.tar).toBe(1);
    expect(r.verification.tarAtFar.enough).toBe(false); // 240 negatives < 1,000
    expect(r.retrieval).toEqual({ recallAt1: 1, recallAt5: 1, rPrecision: 1, mapAtR: 1, queries: 24 });
    expect(r.clustering.nmi).toBeCloseTo(1, 12);
    expect(r.pca.points.length).toBe(48);
  });

  it('slices retrieval (sliceMs 0 → a yield per query) without changing the numbers', async () => {
    const ref = SKLEARN.retrieval;
    const { data, labels } = embeddingFixture(ref.seed, ref.n, ref.dim, ref.identities);
    const seen: [EvaluationPhase, number, number][] = [];
    const r = await evaluateEmbeddings(
      { embeddings: data, dim: ref.dim, labels },
      { distance: 'cosine', seed: 2, sliceMs: 0, onProgress: (phase, done, total) => seen.push([phase, done, total]) },
    );
    expect(r.retrieval.mapAtR).toBeCloseTo(ref.mapAtR, 12);
    expect(r.retrieval).toEqual(retrievalMetrics(data, ref.dim, labels, 'cosine'));
    const retrieval = seen.filter(([p]) => p === 'retrieval');
    expect(retrieval.length).toBe(ref.n);
    expect(retrieval.at(-1)).toEqual(['retrieval', ref.n, ref.n]);
    expect(seen.map(([p]) => p).filter((p, i, all) => p !== all[i - 1])).toEqual(['pairs', 'retrieval', 'clustering', 'projection']);
    expect(r.verification.auc).toBeGreaterThan(0.5);
    expect(r.verification.auc).toBeLessThan(1);
  });
});
