/**
 * What `window.__lab` returns for the clustering, evaluation and comparison stores: plain numbers copied from a
 * store's state, nothing that can change the app. Pure functions of the state they are given.
 */
import type { IdentityRepresentation } from '../train/identityEmbedding';
import type { SamplerCensus } from '../train/samplerComparison';
import type { TestTimeAugmentation } from '../data/augmentation';
import type { LossId } from '../metric';
import { backboneOf } from '../model/config';
import type { ClusteringState, ClusteringStatus } from '../state/clusteringStore';
import type { CompareState } from '../state/compare';
import type { CompareMetricId, CompareSummary, SeedResult } from '../evaluation/compareMetrics';
import { summarise, type EvaluationState, type EvaluationStatus } from '../state/evaluation';

export interface ClusteringView {
  status: ClusteringStatus;
  /** Subspaces of the last clustering (0 before the first). */
  k: number;
  /** [k] identities per subspace, by subspace id. */
  sizes: number[];
  /** Training step of the network the last clustering embedded with (null before the first). */
  step: number | null;
  representation: IdentityRepresentation | null;
  /** Against the synthetic look-alike families; null without families or before the first clustering. */
  purity: number | null;
  nmi: number | null;
  comparison: { sampler: SamplerCensus['sampler']; hardShare: number; semiHardShare: number }[] | null;
}

export interface EvaluationView {
  status: EvaluationStatus;
  step: number | null;
  auc: number | null;
  eer: number | null;
  recallAt1: number | null;
  mapAtR: number | null;
  nmi: number | null;
  /** The same metrics with test-time augmentation, or null when it was off. */
  tta: { mode: TestTimeAugmentation; auc: number; recallAt1: number; mapAtR: number; tarAtFar: number } | null;
}

export interface CompareView {
  status: CompareState['status'];
  /** Seeds every configuration has finished. */
  seeds: number;
  /** One row per configuration: its last values, every seed's results, each metric's mean and 95 % interval. */
  runs: {
    label: string;
    loss: LossId;
    backbone: ReturnType<typeof backboneOf>;
    steps: number;
    lastLoss: number | null;
    recallAt1: number | null;
    perSeed: SeedResult[];
    /** Per metric (recallAt1, mapAtR, auc, tarAtFar, finalLoss): mean and interval over the finished seeds. */
    metrics: Partial<Record<CompareMetricId, { mean: number; low: number; high: number; n: number }>>;
  }[];
  /** Every pair on every metric: the paired difference a − b, its half-width and the verdict in words. */
  verdicts: CompareSummary['verdicts'];
}

export function clusteringView({ status, result, comparison }: ClusteringState): ClusteringView {
  return {
    status,
    k: result?.k ?? 0,
    sizes: result ? [...result.sizes] : [],
    step: result?.step ?? null,
    representation: result?.representation ?? null,
    purity: result?.families?.purity ?? null,
    nmi: result?.families?.nmi ?? null,
    comparison: comparison ? comparison.results.map(({ sampler, hardShare, semiHardShare }) => ({ sampler, hardShare, semiHardShare })) : null,
  };
}

export function evaluationView({ status, latest }: EvaluationState): EvaluationView {
  const s = latest ? summarise(latest) : null;
  return {
    status,
    step: s?.step ?? null,
    auc: s?.auc ?? null,
    eer: s?.eer ?? null,
    recallAt1: s?.recallAt1 ?? null,
    mapAtR: s?.mapAtR ?? null,
    nmi: s && Number.isFinite(s.nmi) ? s.nmi : null,
    tta: latest?.tta
      ? {
          mode: latest.tta.mode,
          auc: latest.tta.result.verification.auc,
          recallAt1: latest.tta.result.retrieval.recallAt1,
          mapAtR: latest.tta.result.retrieval.mapAtR,
          tarAtFar: latest.tta.result.verification.tarAtFar.tar,
        }
      : null,
  };
}

export function compareView({ status, runs, summary }: CompareState): CompareView {
  return {
    status,
    seeds: summary?.seeds ?? 0,
    runs: runs.map((r, i) => {
      const last = r.points.at(-1);
      const config = summary?.configs[i];
      return {
        label: r.label,
        loss: r.settings.loss,
        backbone: backboneOf(r.settings.model),
        steps: last?.step ?? 0,
        lastLoss: last?.loss ?? null,
        // Held-out Recall@1 at the end of the budget (mean over finished seeds), else the curve's last value.
        recallAt1: config ? config.metrics.recallAt1.mean : (r.recall.at(-1)?.recallAt1 ?? null),
        perSeed: config?.perSeed ?? [],
        metrics: config
          ? Object.fromEntries(Object.entries(config.metrics).map(([id, m]) => [id, { mean: m.mean, low: m.low, high: m.high, n: m.n }]))
          : {},
      };
    }),
    verdicts: summary?.verdicts ?? [],
  };
}
