/** One row of a run's history: the scalars of one step, as the charts, the run log and saved runs hold them. */
import type { StepReport } from './trainer';

export interface HistoryRow {
  step: number;
  loss: number;
  activeFraction: number;
  margin: number;
  population: { easy: number; semiHard: number; hard: number; total: number };
  selection: { easy: number; semiHard: number; hard: number; total: number };
  apMean: number;
  anMean: number;
  meanNorm: number;
  learningRate: number;
  msPerStep: number;
}

export interface Marker {
  step: number;
  label: string;
}

export function rowOf(report: StepReport): HistoryRow {
  const { stats } = report;
  return {
    step: report.step,
    loss: stats.loss,
    activeFraction: stats.activeFraction,
    margin: stats.margin,
    population: { ...stats.population },
    selection: { ...stats.selection },
    apMean: stats.apMean,
    anMean: stats.anMean,
    meanNorm: stats.meanEmbeddingNorm,
    learningRate: report.learningRate,
    msPerStep: report.msPerStep,
  };
}
