/**
 * Agreement between a clustering and reference labels (e.g. identity), from their contingency table:
 * NMI (arithmetic mean normalisation, scikit-learn's default), ARI (Hubert & Arabie 1985) and purity.
 * Labels are any integers; only equality matters.
 */

interface Contingency {
  /** counts[r * cols + c] = points with the r-th distinct true label and the c-th distinct predicted label. */
  counts: Float64Array;
  rows: Float64Array;
  cols: Float64Array;
  n: number;
}

function compact(labels: ArrayLike<number>): { codes: Int32Array; size: number } {
  const ids = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    let code = ids.get(l);
    if (code === undefined) {
      code = ids.size;
      ids.set(l, code);
    }
    codes[i] = code;
  }
  return { codes, size: ids.size };
}

function contingency(truth: ArrayLike<number>, pred: ArrayLike<number>): Contingency {
  if (truth.length !== pred.length) throw new RangeError(`labels differ in length: ${truth.length} vs ${pred.length}`);
  const t = compact(truth);
  const p = compact(pred);
  const counts = new Float64Array(t.size * p.size);
  const rows = new Float64Array(t.size);
  const cols = new Float64Array(p.size);
  for (let i = 0; i < truth.length; i++) {
    const r = t.codes[i] as number;
    const c = p.codes[i] as number;
    counts[r * p.size + c] = (counts[r * p.size + c] as number) + 1;
    rows[r] = (rows[r] as number) + 1;
    cols[c] = (cols[c] as number) + 1;
  }
  return { counts, rows, cols, n: truth.length };
}

function entropy(sizes: Float64Array, n: number): number {
  let h = 0;
  for (const s of sizes) if (s > 0) h -= (s / n) * Math.log(s / n);
  return h;
}

/**
 * Normalised mutual information MI / ((H(truth) + H(pred)) / 2), in [0, 1]. Both labelings a single cluster → 1
 * (as sklearn).
 */
export function nmi(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { counts, rows, cols, n } = contingency(truth, pred);
  if (n === 0) return 1;
  if (rows.length === 1 && cols.length === 1) return 1;
  let mi = 0;
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < cols.length; c++) {
      const nrc = counts[r * cols.length + c] as number;
      if (nrc > 0) mi += (nrc / n) * Math.log((n * nrc) / ((rows[r] as number) * (cols[c] as number)));
    }
  }
  if (mi < 1e-15) return 0;
  const denom = (entropy(rows, n) + entropy(cols, n)) / 2;
  return Math.min(1, Math.max(0, mi / denom));
}

const choose2 = (x: number): number => (x * (x - 1)) / 2;

/** Adjusted Rand index: 1 for identical partitions, ≈ 0 for chance, can be negative. */
export function ari(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { counts, rows, cols, n } = contingency(truth, pred);
  if (n < 2) return 1;
  let sumCells = 0;
  for (const x of counts) sumCells += choose2(x);
  let sumRows = 0;
  for (const x of rows) sumRows += choose2(x);
  let sumCols = 0;
  for (const x of cols) sumCols += choose2(x);
  const expected = (sumRows * sumCols) / choose2(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1; // both trivial (one cluster, or all singletons): identical up to naming
  return (sumCells - expected) / (max - expected);
}

/** Purity: Σ over predicted clusters of its largest true-label count, / n. 1 when every cluster is label-pure. */
export function purity(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { counts, rows, cols, n } = contingency(truth, pred);
  if (n === 0) return 1;
  let total = 0;
  for (let c = 0; c < cols.length; c++) {
    let best = 0;
    for (let r = 0; r < rows.length; r++) best = Math.max(best, counts[r * cols.length + c] as number);
    total += best;
  }
  return total / n;
}
