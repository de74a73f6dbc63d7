/**
 * TEST ONLY: every loss as a float64 loop over a distance matrix (or embeddings), from metric-learning.md.
 */
import type { Mat, Vec } from './oracle';
import { relu, softplus } from './oracle';

const at = (d: Mat, i: number, j: number): number => (d[i] as Vec)[j] as number;

function pairs(labels: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = 0; a < labels.length; a++)
    for (let p = 0; p < labels.length; p++) if (p !== a && labels[p] === labels[a]) out.push([a, p]);
  return out;
}
const negativesOf = (labels: number[], a: number): number[] =>
  labels.flatMap((y, n) => (y !== labels[a] ? [n] : []));

export function oracleBatchAll(d: Mat, labels: number[], m: number, reduction: 'mean' | 'meanNonZero'): number {
  let sum = 0;
  let active = 0;
  let total = 0;
  for (const [a, p] of pairs(labels))
    for (const n of negativesOf(labels, a)) {
      const l = relu(at(d, a, p) - at(d, a, n) + m);
      sum += l;
      total++;
      if (l > 0) active++;
    }
  const count = reduction === 'mean' ? total : active;
  return count > 0 ? sum / count : 0;
}

export function oracleSemiHard(
  d: Mat,
  labels: number[],
  m: number,
  fallback: 'skip' | 'farthestNegative',
  upperBound: boolean,
): number {
  let sum = 0;
  let kept = 0;
  for (const [a, p] of pairs(labels)) {
    const ap = at(d, a, p);
    const negs = negativesOf(labels, a);
    if (negs.length === 0) continue;
    let best = Infinity;
    for (const n of negs) {
      const an = at(d, a, n);
      if (an > ap && (!upperBound || an < ap + m) && an < best) best = an;
    }
    if (best === Infinity) {
      if (fallback === 'skip') continue;
      best = Math.max(...negs.map((n) => at(d, a, n)));
    }
    sum += relu(ap - best + m);
    kept++;
  }
  return kept > 0 ? sum / kept : 0;
}

function hardest(d: Mat, labels: number[], a: number): { ap: number; an: number } | undefined {
  let ap = -Infinity;
  let an = Infinity;
  for (let j = 0; j < labels.length; j++) {
    if (j === a) continue;
    if (labels[j] === labels[a]) ap = Math.max(ap, at(d, a, j));
    else an = Math.min(an, at(d, a, j));
  }
  return ap === -Infinity || an === Infinity ? undefined : { ap, an };
}

export function oracleBatchHard(d: Mat, labels: number[], m: number, soft: boolean): number {
  let sum = 0;
  let count = 0;
  for (let a = 0; a < labels.length; a++) {
    const h = hardest(d, labels, a);
    if (!h) continue;
    sum += soft ? softplus(h.ap - h.an) : relu(h.ap - h.an + m);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/** OHNM with the uniform draws given (u[a][p]), so that the oracle reproduces the seeded picks. */
export function oracleOhnm(d: Mat, labels: number[], m: number, q: number, u: Mat): number {
  let sum = 0;
  let count = 0;
  for (const [a, p] of pairs(labels)) {
    const ap = at(d, a, p);
    const sorted = negativesOf(labels, a)
      .map((n) => at(d, a, n))
      .sort((x, y) => x - y);
    const lo = Math.floor(sorted.length * q);
    const hi = sorted.filter((an) => an < ap + m).length;
    if (hi <= lo) continue;
    const pick = lo + Math.floor(at(u, a, p) * (hi - lo));
    sum += relu(ap - (sorted[pick] as number) + m);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

export function oracleLifted(d: Mat, labels: number[], m: number): number {
  let sum = 0;
  let count = 0;
  for (const [i, j] of pairs(labels)) {
    let s = 0;
    for (const n of negativesOf(labels, i)) s += Math.exp(m - at(d, i, n));
    for (const n of negativesOf(labels, j)) s += Math.exp(m - at(d, j, n));
    if (s === 0) continue;
    const jij = Math.log(s) + at(d, i, j);
    sum += relu(jij) ** 2;
    count++;
  }
  return count > 0 ? sum / (2 * count) : 0;
}

export function oracleQuadruplet(d: Mat, labels: number[], m1: number, m2: number): number {
  let sum = 0;
  let count = 0;
  const b = labels.length;
  for (let a = 0; a < b; a++) {
    const h = hardest(d, labels, a);
    if (!h) continue;
    let dij = Infinity;
    for (let i = 0; i < b; i++)
      for (let j = 0; j < b; j++)
        if (labels[i] !== labels[j] && labels[i] !== labels[a] && labels[j] !== labels[a]) dij = Math.min(dij, at(d, i, j));
    sum += relu(h.ap - h.an + m1) + (dij < Infinity ? relu(h.ap - dij + m2) : 0);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

export function oracleMsml(d: Mat, labels: number[], m: number): number {
  let maxPos = -Infinity;
  let minNeg = Infinity;
  for (let i = 0; i < labels.length; i++)
    for (let j = 0; j < labels.length; j++) {
      if (i === j) continue;
      if (labels[i] === labels[j]) maxPos = Math.max(maxPos, at(d, i, j));
      else minNeg = Math.min(minNeg, at(d, i, j));
    }
  return maxPos === -Infinity || minNeg === Infinity ? 0 : relu(maxPos - minNeg + m);
}

export function oracleExplicit(d: Mat, labels: number[], m: number, t: Array<[number, number, number]>): number {
  let sum = 0;
  let active = 0;
  for (const [a, p, n] of t) {
    if (a === p || labels[a] !== labels[p] || labels[a] === labels[n]) continue;
    const l = relu(at(d, a, p) - at(d, a, n) + m);
    sum += l;
    if (l > 0) active++;
  }
  return active > 0 ? sum / active : 0;
}

export interface AngularParams {
  m: number;
  lambda: number;
  margin: number;
  semiHard: boolean;
}

/**
 * Angular triplet loss. `x` moves (anchors); `centres` are fixed unit vectors (the stopped positives/negatives);
 * the semi-hard window uses cosine distances between the centres, as the lab does (membership is not
 * differentiated).
 */
export function oracleAngular(x: Mat, centres: Mat, labels: number[], params: AngularParams): number {
  const b = labels.length;
  const dot = (u: Vec, v: Vec): number => u.reduce((s, ui, k) => s + ui * (v[k] as number), 0);
  let sum = 0;
  let count = 0;
  for (const [a, p] of pairs(labels)) {
    const xa = x[a] as Vec;
    const norm = Math.sqrt(Math.max(dot(xa, xa), 1e-12));
    const cosOf = (j: number): number => Math.min(1, Math.max(-1, dot(xa, centres[j] as Vec) / norm));
    const dCentres = (j: number): number => 1 - dot(centres[a] as Vec, centres[j] as Vec);
    const c = cosOf(p);
    const theta = Math.acos(c);
    const k = Math.min(params.m - 1, Math.floor((theta * params.m) / Math.PI));
    const psi = (k % 2 === 0 ? 1 : -1) * Math.cos(params.m * theta) - 2 * k;
    const target = (norm * (params.lambda * c + psi)) / (1 + params.lambda);
    let others = 0;
    let competitors = 0;
    for (let n = 0; n < b; n++) {
      if (labels[n] === labels[a]) continue;
      if (params.semiHard) {
        const dap = dCentres(p);
        const dan = dCentres(n);
        if (!(dan >= dap && dan < dap + params.margin)) continue;
      }
      others += Math.exp(norm * cosOf(n) - target);
      competitors++;
    }
    if (competitors === 0) continue;
    sum += Math.log1p(others);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

export function oracleSoftmaxCe(logits: Mat, classes: number[]): number {
  let sum = 0;
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, z) => s + Math.exp(z - max), 0));
    sum += lse - (row[classes[i] as number] as number);
  });
  return sum / logits.length;
}
