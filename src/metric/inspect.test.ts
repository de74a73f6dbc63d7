import { describe, expect, it } from 'vitest';
import { classify, inspectBatch } from './inspect';

describe('inspectBatch', () => {
  // Hand-checked 1-D batch on a line: identity 0 at 0 and 1, identity 1 at 0.5 and 3.
  const embeddings = [[0], [1], [0.5], [3]];
  const labels = [0, 0, 1, 1];

  it('lists every valid triplet, T = Σ (k−1)(B−k) = 4 × 1 × 2 = 8, with hand-computed classes', () => {
    const triplets = inspectBatch(embeddings, labels, 0.3, 'squaredEuclidean', 'all');
    expect(triplets).toHaveLength(8);
    const t = triplets.find((x) => x.anchor === 0 && x.positive === 1 && x.negative === 2)!;
    expect(t.apDist).toBeCloseTo(1, 12);
    expect(t.anDist).toBeCloseTo(0.25, 12);
    expect(t.kind).toBe('hard');
    const easy = triplets.find((x) => x.anchor === 0 && x.positive === 1 && x.negative === 3)!;
    expect(easy.anDist).toBeCloseTo(9, 12);
    expect(easy.kind).toBe('easy');
  });

  it('marks the batch-hard pick: hardest positive and nearest negative per anchor', () => {
    const picked = inspectBatch(embeddings, labels, 0.3, 'euclidean', 'hardestPerAnchor').filter((t) => t.picked);
    expect(picked.map((t) => [t.anchor, t.positive, t.negative])).toEqual([
      [0, 1, 2],
      [1, 0, 2],
      [2, 3, 0],
      [3, 2, 1],
    ]);
  });

  it('follows the census boundary conventions', () => {
    expect(classify(1, 1, 0.5)).toBe('semiHard');
    expect(classify(1, 1.5, 0.5)).toBe('easy');
    expect(classify(1, 0.999, 0.5)).toBe('hard');
  });
});
