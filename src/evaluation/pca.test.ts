import { describe, expect, it } from 'vitest';
import { pca2d } from './pca';
import { pcaFixture, SKLEARN } from './testing/sklearnFixtures';

describe('pca2d', () => {
  it('2-D hand fixture: points on y = x plus a small orthogonal spread', () => {
    // Rows (2,2) (−2,−2) (1,−1)·0.5 (−1,1)·0.5 → mean 0. Covariance = [[2.125, 1.875], [1.875, 2.125]]:
    // eigenvalues 4 along (1,1)/√2 and 0.25 along (1,−1)/√2 (signs: largest entry positive, first on a tie).
    const data = Float32Array.from([2, 2, -2, -2, 0.5, -0.5, -0.5, 0.5]);
    const { points, variance, components, explained } = pca2d(data, 2);
    expect(variance[0]).toBeCloseTo(4, 9);
    expect(variance[1]).toBeCloseTo(0.25, 9);
    expect(explained).toBeCloseTo(1, 9);
    const s = Math.SQRT1_2;
    expect(components[0]).toBeCloseTo(s, 9);
    expect(components[1]).toBeCloseTo(s, 9);
    expect(Math.abs(components[2] as number)).toBeCloseTo(s, 9);
    expect((components[2] as number) * (components[3] as number)).toBeCloseTo(-0.5, 9);
    // (2,2) projects to 2√2 on the first axis and 0 on the second.
    expect(points[0]).toBeCloseTo(2 * Math.SQRT2, 9);
    expect(points[1]).toBeCloseTo(0, 9);
    expect(Math.abs(points[5] as number)).toBeCloseTo(Math.SQRT1_2, 9); // (0.5,−0.5) → ±√2/2
  });

  it('3-D hand fixture: axis-aligned spreads 3, 2, 1 pick x then y', () => {
    // Rows ±3 e_x, ±2 e_y, ±1 e_z: variances (18, 8, 2)/6 = 3, 4/3, 1/3; explained (3 + 4/3) / (14/3) = 13/14.
    const data = Float32Array.from([3, 0, 0, -3, 0, 0, 0, 2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1]);
    const { points, variance, components, explained } = pca2d(data, 3);
    expect(variance[0]).toBeCloseTo(3, 9);
    expect(variance[1]).toBeCloseTo(4 / 3, 9);
    expect(explained).toBeCloseTo(13 / 14, 9);
    expect(Array.from(components).map((c) => Math.round(c * 1e9) / 1e9 + 0)).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(points).map((c) => Math.round(c * 1e9) / 1e9 + 0)).toEqual([3, 0, -3, 0, 0, 2, 0, -2, 0, 0, 0, 0]);
  });

  it('matches scikit-learn PCA on a random 50 × 5 fixture (up to sign)', () => {
    const ref = SKLEARN.pca;
    const data = pcaFixture(ref.seed, ref.n, [...ref.scales]);
    const { points, variance, explained } = pca2d(data, ref.scales.length);
    expect(variance[0]).toBeCloseTo(ref.varianceOverN[0], 8);
    expect(variance[1]).toBeCloseTo(ref.varianceOverN[1], 8);
    expect(explained).toBeCloseTo(ref.explained, 8);
    ref.absProjFirst3.forEach(([x, y], i) => {
      expect(Math.abs(points[i * 2] as number)).toBeCloseTo(x, 7);
      expect(Math.abs(points[i * 2 + 1] as number)).toBeCloseTo(y, 7);
    });
  });
});
