/**
 * Verification at one distance threshold (accept d ≤ t): what the threshold slider of the evaluation panel shows.
 */

export interface ThresholdStats {
  threshold: number;
  /** True accept rate TP / positives. */
  tar: number;
  /** False accept rate FP / negatives. */
  far: number;
  /** (TP + TN) / pairs. */
  accuracy: number;
  positives: number;
  negatives: number;
}

/**
 * @param distances [P] pair distances
 * @param same [P] 1 for a positive pair
 */
export function statsAtThreshold(distances: Float64Array, same: Uint8Array, threshold: number): ThresholdStats {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let p = 0; p < distances.length; p++) {
    const accept = (distances[p] as number) <= threshold;
    if (same[p]) {
      positives++;
      if (accept) tp++;
    } else if (accept) fp++;
  }
  const negatives = distances.length - positives;
  const tn = negatives - fp;
  return {
    threshold,
    tar: positives > 0 ? tp / positives : 0,
    far: negatives > 0 ? fp / negatives : 0,
    accuracy: distances.length > 0 ? (tp + tn) / distances.length : 0,
    positives,
    negatives,
  };
}
