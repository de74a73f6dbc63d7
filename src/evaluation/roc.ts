/**
 * ROC of a distance threshold for verification: a pair is accepted as "same identity" when d ≤ t. One point per
 * unique distance (ties move together, as scikit-learn's roc_curve with drop_intermediate=False), plus the
 * accept-nothing start (0, 0). AUC is the trapezoid under those points (= sklearn roc_auc_score); EER is where the
 * piecewise-linear curve meets FPR = FNR (facenet's brentq on interp1d finds the same crossing).
 */

export interface RocCurve {
  /** [M] false accept rate, non-decreasing, from 0 to 1. */
  fpr: Float64Array;
  /** [M] true accept rate, non-decreasing, from 0 to 1. */
  tpr: Float64Array;
  /** [M] the distance threshold of each point (accept d ≤ t); −Infinity for the first point. */
  thresholds: Float64Array;
}

/** Pair indices sorted by distance ascending (ties by index, so the order is deterministic). */
export function sortedByDistance(distances: Float64Array): Int32Array {
  const order = Int32Array.from({ length: distances.length }, (_, i) => i);
  return order.sort((x, y) => (distances[x] as number) - (distances[y] as number) || x - y);
}

/**
 * @param distances [P] pair distances
 * @param same [P] 1 for a positive pair
 */
export function rocCurve(distances: Float64Array, same: Uint8Array): RocCurve {
  const order = sortedByDistance(distances);
  let positives = 0;
  for (const s of same) positives += s;
  const negatives = same.length - positives;
  const fpr: number[] = [0];
  const tpr: number[] = [0];
  const thresholds: number[] = [-Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const p = order[k] as number;
    if (same[p]) tp++;
    else fp++;
    const next = order[k + 1];
    // Emit once per unique distance: tied pairs are accepted together.
    if (next !== undefined && distances[next] === distances[p]) continue;
    fpr.push(negatives > 0 ? fp / negatives : 0);
    tpr.push(positives > 0 ? tp / positives : 0);
    thresholds.push(distances[p] as number);
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds) };
}

/** Area under the ROC by the trapezoid rule (ties give diagonal segments, i.e. they count one half). */
export function rocAuc(roc: RocCurve): number {
  let area = 0;
  for (let k = 1; k < roc.fpr.length; k++) {
    const dx = (roc.fpr[k] as number) - (roc.fpr[k - 1] as number);
    area += (dx * ((roc.tpr[k] as number) + (roc.tpr[k - 1] as number))) / 2;
  }
  return area;
}

/**
 * Equal error rate: the FPR where FPR = 1 − TPR on the piecewise-linear ROC, with the distance threshold there
 * (interpolated between the two points that bracket it).
 */
export function equalErrorRate(roc: RocCurve): { eer: number; threshold: number } {
  // g = FNR − FPR = 1 − tpr − fpr falls from 1 at (0,0) to −1 at (1,1); find the segment where it crosses 0.
  const g = (k: number) => 1 - (roc.tpr[k] as number) - (roc.fpr[k] as number);
  for (let k = 1; k < roc.fpr.length; k++) {
    const g0 = g(k - 1);
    const g1 = g(k);
    if (g1 > 0) continue;
    const s = g0 === g1 ? 0 : g0 / (g0 - g1);
    const f0 = roc.fpr[k - 1] as number;
    const f1 = roc.fpr[k] as number;
    const t0 = roc.thresholds[k - 1] as number;
    const t1 = roc.thresholds[k] as number;
    const threshold = Number.isFinite(t0) ? t0 + s * (t1 - t0) : t1;
    return { eer: f0 + s * (f1 - f0), threshold };
  }
  return { eer: 1, threshold: Infinity };
}
