import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../common/rng';
import { anchorDistances, anchorLine, classifyLine, defaultAnchor, hardestPositive } from './anchorLine';
import { DISTANCES, type DistanceName } from './distance';
import { inspectBatch } from './inspect';

/**
 * Anchor 0 at the origin of a 2-D batch; squared euclidean distances are integers, so the band edges tie exactly.
 *   index:     1      2      3      4      5       6      7      8
 *   point:  (3,0)  (0,1)  (0,2)  (4,0)  (0,−3)  (3,4)  (1,1)  (−3,−1)
 *   label:     0      0      1      1      2       2      1      2
 *   d²(0,·):   9      1      4     16      9      25      2     10
 * Positives 2 (d² 1) and 1 (d² 9, the hardest). With m = 7 the band for positive 1 is [9, 16):
 *   hard 7 (2), 3 (4); semi-hard 5 (9, ties the positive: semi-hard), 8 (10); easy 4 (16, ties d_ap + m: easy), 6 (25).
 * For positive 2 the band is [1, 8): semi-hard 7, 3; easy 5, 8, 4, 6; nothing is nearer than 1.
 */
const POINTS = [
  [0, 0],
  [3, 0],
  [0, 1],
  [0, 2],
  [4, 0],
  [0, -3],
  [3, 4],
  [1, 1],
  [-3, -1],
];
const LABELS = [0, 0, 0, 1, 1, 2, 2, 1, 2];

describe('anchorLine on a hand-computed batch', () => {
  it('lists positives and negatives nearest first with their distances', () => {
    const line = anchorDistances(POINTS, LABELS, 0, 'squaredEuclidean');
    expect(line.positives).toEqual([
      { index: 2, distance: 1 },
      { index: 1, distance: 9 },
    ]);
    expect(line.negatives.map((n) => [n.index, n.distance])).toEqual([
      [7, 2],
      [3, 4],
      [5, 9],
      [8, 10],
      [4, 16],
      [6, 25],
    ]);
    const euclidean = anchorDistances(POINTS, LABELS, 0, 'euclidean');
    const expected = [Math.SQRT2, 2, 3, Math.sqrt(10), 4, 5];
    euclidean.negatives.forEach((n, i) => expect(n.distance).toBeCloseTo(expected[i] as number, 9));
  });

  it('classes each negative against the hardest positive, ties as the spec says', () => {
    const line = anchorLine(POINTS, LABELS, 0, 7, 'squaredEuclidean');
    expect(line.positive).toBe(1);
    expect(line.apDist).toBe(9);
    expect(Object.fromEntries(line.negatives.map((n) => [n.index, n.kind]))).toEqual({
      7: 'hard',
      3: 'hard',
      5: 'semiHard',
      8: 'semiHard',
      4: 'easy',
      6: 'easy',
    });
    expect(line.counts).toEqual({ hard: 2, semiHard: 2, easy: 2, total: 6 });
  });

  it('follows a chosen positive, and counts every triplet of the anchor', () => {
    const line = anchorLine(POINTS, LABELS, 0, 7, 'squaredEuclidean', 2);
    expect(line.positive).toBe(2);
    expect(line.counts).toEqual({ hard: 0, semiHard: 2, easy: 4, total: 6 });
    expect(line.allCounts).toEqual({ hard: 2, semiHard: 4, easy: 6, total: 12 });
  });

  it('re-classes when the margin moves, without recomputing distances', () => {
    const distances = anchorDistances(POINTS, LABELS, 0, 'squaredEuclidean');
    expect(classifyLine(distances, 0).counts).toEqual({ hard: 2, semiHard: 0, easy: 4, total: 6 });
    expect(classifyLine(distances, 1).counts).toEqual({ hard: 2, semiHard: 1, easy: 3, total: 6 });
    expect(classifyLine(distances, 16.0001).counts).toEqual({ hard: 2, semiHard: 4, easy: 0, total: 6 });
  });

  it('falls back to the hardest positive when the chosen one is not a positive', () => {
    expect(anchorLine(POINTS, LABELS, 0, 7, 'squaredEuclidean', 3).positive).toBe(1);
    expect(hardestPositive(anchorDistances(POINTS, LABELS, 0, 'squaredEuclidean'))).toBe(1);
  });

  it('reports an anchor without positives as such', () => {
    const line = anchorLine(POINTS, [0, 1, 2, 3, 4, 5, 6, 7, 8], 0, 7, 'squaredEuclidean');
    expect(line.positive).toBe(-1);
    expect(line.apDist).toBeNaN();
    expect(line.negatives.every((n) => n.kind === null)).toBe(true);
    expect(line.counts.total).toBe(0);
    expect(line.allCounts.total).toBe(0);
  });

  it('defaultAnchor prefers the anchor showing all three classes', () => {
    // Anchor 0 shows all three with m = 7; anchors 1 and 2 would show fewer or fewer semi-hard.
    expect(defaultAnchor(POINTS, LABELS, 7, 'squaredEuclidean')).toBe(0);
    expect(defaultAnchor(POINTS, [0, 1, 2, 3, 4, 5, 6, 7, 8], 7, 'squaredEuclidean')).toBe(-1);
  });
});

/** The spec's distances written out (metric-learning.md, "Notation"). */
function specDistance(x: number[], y: number[], name: DistanceName): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += (x[i] as number) * (y[i] as number);
    nx += (x[i] as number) ** 2;
    ny += (y[i] as number) ** 2;
  }
  const sq = Math.max(nx + ny - 2 * dot, 0);
  if (name === 'euclidean') return Math.sqrt(sq + 1e-12);
  return name === 'squaredEuclidean' ? sq : 1 - dot / Math.sqrt(nx * ny);
}

/** A random batch on a small integer grid, with duplicated rows, so distances tie often. */
function randomBatch(rng: Rng): { rows: number[][]; labels: number[] } {
  const B = 4 + rng.int(14);
  const D = 1 + rng.int(4);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < B; i++) {
    const copy = i > 0 && rng.next() < 0.25 ? rows[rng.int(i)] : undefined;
    let row = copy ? [...copy] : Array.from({ length: D }, () => rng.int(7) - 3);
    if (row.every((v) => v === 0)) row = row.map((_, j) => (j === 0 ? 1 : 0)); // cosine needs a direction
    rows.push(row);
    labels.push(rng.int(1 + rng.int(4)));
  }
  return { rows, labels };
}

describe('anchorLine against a brute-force loop', () => {
  for (const name of DISTANCES) {
    it(`${name}: classes and counts equal a triple loop over random batches, ties included`, () => {
      const rng = createRng(13 + name.length);
      const ties = { lower: 0, upper: 0 };
      for (let trial = 0; trial < 150; trial++) {
        const { rows, labels } = randomBatch(rng);
        const d = (i: number, j: number) => specDistance(rows[i] as number[], rows[j] as number[], name);
        const a = rng.int(rows.length);
        const positives = labels.flatMap((y, j) => (j !== a && y === labels[a] ? [j] : []));
        const negatives = labels.flatMap((y, j) => (y !== labels[a] ? [j] : []));
        // Margins that land d(a,p) + m on a negative's distance (the band's upper edge), zero, and arbitrary.
        const n0 = negatives[rng.int(negatives.length)];
        const p0 = positives[rng.int(positives.length)];
        const edge = n0 !== undefined && p0 !== undefined ? Math.max(d(a, n0) - d(a, p0), 0) : 0.3;
        for (const margin of [edge, 0, rng.next() * 2]) {
          const count = (p: number) => {
            const c = { hard: 0, semiHard: 0, easy: 0, total: 0 };
            for (const n of negatives) {
              const ap = d(a, p);
              const an = d(a, n);
              if (an === ap) ties.lower++;
              if (an === ap + margin) ties.upper++;
              if (an < ap) c.hard++;
              else if (ap <= an && an < ap + margin) c.semiHard++;
              else c.easy++;
              c.total++;
            }
            return c;
          };
          for (const p of positives) {
            const line = anchorLine(rows, labels, a, margin, name, p);
            expect(line.counts).toEqual(count(p));
            for (const n of line.negatives) {
              const ap = d(a, p);
              const an = d(a, n.index);
              expect(n.distance).toBe(an);
              expect(n.kind).toBe(an < ap ? 'hard' : an < ap + margin ? 'semiHard' : 'easy');
            }
          }
          const line = anchorLine(rows, labels, a, margin, name);
          const all = positives
            .map(count)
            .reduce(
              (s, c) => ({
                hard: s.hard + c.hard,
                semiHard: s.semiHard + c.semiHard,
                easy: s.easy + c.easy,
                total: s.total + c.total,
              }),
              { hard: 0, semiHard: 0, easy: 0, total: 0 },
            );
          expect(line.allCounts).toEqual(all);
          // The default positive is batch hard's: the largest d(a,p).
          if (positives.length > 0) expect(line.apDist).toBe(Math.max(...positives.map((p) => d(a, p))));
          // The inspector's triple loop agrees on every triplet of this anchor.
          const inspected = inspectBatch(rows, labels, margin, name, 'all').filter((t) => t.anchor === a);
          expect(inspected.filter((t) => t.kind === 'semiHard').length).toBe(all.semiHard);
          expect(inspected.filter((t) => t.kind === 'hard').length).toBe(all.hard);
        }
      }
      // Both band edges were hit exactly, d(a,n) = d(a,p) and d(a,n) = d(a,p) + m.
      expect(ties.lower).toBeGreaterThan(10);
      expect(ties.upper).toBeGreaterThan(10);
    });
  }
});
