/**
 * The M-step's bookkeeping for lloyd.ts: per-cluster sums Σ x and counts kept up to date as points change cluster
 * (O(moved · dim) an iteration instead of O(n · dim)), the inertia of an assignment from those sums
 * (Σ_i ‖x_i − c_a‖² = Σ_i ‖x_i‖² − Σ_j (2 c_j · S_j − n_j ‖c_j‖²), O(k · dim)), and scikit-learn's relocation of
 * empty clusters. Sums are float64: float32 rows add exactly there unless their magnitudes span more than ~29 bits,
 * so the running sums equal freshly summed ones.
 */

/** Moves row `i` from cluster `from` (−1: none) to `to` in `sums` ([k × dim]) and `counts` ([k]). */
export function moveRow(data: Float32Array, dim: number, i: number, from: number, to: number, sums: Float64Array, counts: Float64Array): void {
  const x0 = i * dim;
  if (from >= 0) {
    counts[from] = (counts[from] as number) - 1;
    for (let t = 0, s = from * dim; t < dim; t++) sums[s + t] = (sums[s + t] as number) - (data[x0 + t] as number);
  }
  counts[to] = (counts[to] as number) + 1;
  for (let t = 0, s = to * dim; t < dim; t++) sums[s + t] = (sums[s + t] as number) + (data[x0 + t] as number);
}

/**
 * Σ_i ‖x_i − c_{label i}‖² from the clusters' sums and counts: `normsTotal` = Σ_i ‖x_i‖², `centerNorms` [k] = ‖c_j‖².
 * Equals the direct sum up to float64 rounding (clamped at 0).
 */
export function inertiaFromSums(
  normsTotal: number,
  centers: Float64Array,
  centerNorms: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  dim: number,
): number {
  let total = normsTotal;
  for (let j = 0; j < counts.length; j++) {
    let dot = 0;
    for (let t = 0, o = j * dim; t < dim; t++) dot += (centers[o + t] as number) * (sums[o + t] as number);
    total -= 2 * dot - (counts[j] as number) * (centerNorms[j] as number);
  }
  return Math.max(0, total);
}

/**
 * Gives each empty cluster (ascending index) the next point farthest from its own centre (`assignedSq` [n]), taken
 * out of that cluster's sum. Points are not relabelled; the next assignment does that (as sklearn).
 */
export function relocateEmpty(
  data: Float32Array,
  dim: number,
  labels: Int32Array,
  assignedSq: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  const k = counts.length;
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length === 0) return;
  const order = Array.from(labels.keys()).sort((a, b) => (assignedSq[b] as number) - (assignedSq[a] as number) || a - b);
  let p = 0;
  for (const j of empty) {
    while (p < order.length && (counts[labels[order[p] as number] as number] as number) <= 1) p++;
    if (p >= order.length) return;
    const i = order[p++] as number;
    const from = labels[i] as number;
    counts[from] = (counts[from] as number) - 1;
    counts[j] = 1;
    for (let t = 0; t < dim; t++) {
      const x = data[i * dim + t] as number;
      sums[from * dim + t] = (sums[from * dim + t] as number) - x;
      sums[j * dim + t] = x;
    }
  }
}
