/**
 * TEST ONLY: independent float64 loop implementations of the census and of every loss, written straight from
 * metric-learning.md without any tensor code, plus central finite differences. Embeddings are number[][].
 */
import type { DistanceName } from '../distance';

export type Vec = number[];
export type Mat = number[][];

const EPS = 1e-12;

function normalizeRow(v: Vec): Vec {
  const n = Math.sqrt(Math.max(v.reduce((s, x) => s + x * x, 0), EPS));
  return v.map((x) => x / n);
}

export function oracleDistance(x: Mat, distance: DistanceName, normalize: boolean): Mat {
  const e = normalize || distance === 'cosine' ? x.map(normalizeRow) : x;
  const b = e.length;
  const d: Mat = [];
  for (let i = 0; i < b; i++) {
    const row: number[] = [];
    for (let j = 0; j < b; j++) {
      const u = e[i] as Vec;
      const v = e[j] as Vec;
      if (distance === 'cosine') {
        row.push(i === j ? 0 : 1 - u.reduce((s, ui, k) => s + ui * (v[k] as number), 0));
        continue;
      }
      const sq = i === j ? 0 : u.reduce((s, ui, k) => s + (ui - (v[k] as number)) ** 2, 0);
      row.push(distance === 'squaredEuclidean' ? sq : Math.sqrt(sq + EPS));
    }
    d.push(row);
  }
  return d;
}

export interface OracleCensus {
  hard: number;
  semiHard: number;
  easy: number;
  total: number;
}

/** Brute-force triple loop over a given distance matrix. */
export function oracleCensus(d: Mat, labels: number[], margin: number): OracleCensus {
  const out = { hard: 0, semiHard: 0, easy: 0, total: 0 };
  const b = labels.length;
  for (let a = 0; a < b; a++)
    for (let p = 0; p < b; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      for (let n = 0; n < b; n++) {
        if (labels[n] === labels[a]) continue;
        const ap = (d[a] as Vec)[p] as number;
        const an = (d[a] as Vec)[n] as number;
        out.total++;
        if (an < ap) out.hard++;
        else if (an < ap + margin) out.semiHard++;
        else out.easy++;
      }
    }
  return out;
}

export const relu = (x: number): number => Math.max(x, 0);
export const softplus = (x: number): number => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** Central finite differences of f at x, in float64. */
export function finiteDifference(f: (x: Mat) => number, x: Mat, h = 1e-6): Mat {
  return x.map((row, i) =>
    row.map((_, k) => {
      const plus = x.map((r) => r.slice());
      const minus = x.map((r) => r.slice());
      (plus[i] as Vec)[k] = (row[k] as number) + h;
      (minus[i] as Vec)[k] = (row[k] as number) - h;
      return (f(plus) - f(minus)) / (2 * h);
    }),
  );
}

/** ‖a − b‖ / max(‖b‖, floor), over all entries. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-8): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
    den += (b[i] ?? 0) ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
}
