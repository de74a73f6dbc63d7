/**
 * A comparison's results over seeds: per configuration every seed's held-out metrics and final loss, each metric's
 * mean with a 95 % t-interval, and per pair of configurations the paired difference with a verdict. Only seeds that
 * every configuration has finished count, so partial results stay balanced.
 */
import { DEFAULT_FAR } from './evaluate';
import { pairDistances, verificationPairs } from './pairs';
import { retrievalMetrics } from './retrieval';
import { rocAuc, rocCurve } from './roc';
import { tarAtFar } from './tarAtFar';
import type { EvalDistance } from './distance';
import { meanInterval, verdict, type Interval } from './seedStatistics';
import { COMPARE_METRICS, type CompareMetricId, type CompareSummary, type PairVerdict, type SeedResult } from './compareMetrics';

/** Held-out Recall@1, mAP@R, AUC and TAR@FAR of one run's validation embeddings. */
export function heldOutMetrics(embeddings: Float32Array, dim: number, labels: Int32Array, distance: EvalDistance, seed: number) {
  const retrieval = retrievalMetrics(embeddings, dim, labels, distance);
  const pairs = verificationPairs(labels, { seed });
  const distances = pairDistances(embeddings, dim, pairs, distance);
  return {
    recallAt1: retrieval.recallAt1,
    mapAtR: retrieval.mapAtR,
    auc: rocAuc(rocCurve(distances, pairs.same)),
    tarAtFar: tarAtFar(distances, pairs.same, DEFAULT_FAR).tar,
  };
}

/** @param results per configuration, its seeds' results in any order */
export function summarise(labels: readonly string[], results: readonly (readonly SeedResult[])[]): CompareSummary {
  const done = new Set(results[0]?.map((r) => r.seed) ?? []);
  for (const rs of results.slice(1)) for (const s of [...done]) if (!rs.some((r) => r.seed === s)) done.delete(s);
  const seeds = [...done].sort((x, y) => x - y);
  const paired = results.map((rs) => seeds.map((s) => rs.find((r) => r.seed === s) as SeedResult));
  const configs = paired.map((perSeed, i) => ({
    label: labels[i] as string,
    perSeed,
    metrics: Object.fromEntries(
      COMPARE_METRICS.map((m) => [m.id, seeds.length > 0 ? meanInterval(perSeed.map((r) => r.metrics[m.id])) : empty()]),
    ) as Record<CompareMetricId, Interval>,
    msPerStep: seeds.length > 0 ? meanInterval(perSeed.map((r) => r.msPerStep)) : empty(),
  }));
  const verdicts: PairVerdict[] = [];
  if (seeds.length > 0)
    for (let a = 0; a < configs.length; a++)
      for (let b = a + 1; b < configs.length; b++)
        for (const m of COMPARE_METRICS) {
          const v = verdict(
            [labels[a] as string, labels[b] as string],
            [a, b],
            m.label,
            paired[a]!.map((r) => r.metrics[m.id]),
            paired[b]!.map((r) => r.metrics[m.id]),
            m.higherIsBetter,
          );
          verdicts.push({ metric: m.id, a, b, winner: v.winner, difference: v.difference.mean, halfWidth: v.difference.halfWidth, text: v.text });
        }
  return { seeds: seeds.length, configs, verdicts };
}

function empty(): Interval {
  return { n: 0, mean: Number.NaN, sd: Number.NaN, halfWidth: Number.NaN, low: Number.NaN, high: Number.NaN };
}
