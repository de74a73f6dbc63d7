/**
 * A training run with its safety net: the trainer, the last good weights for NaN rollback, and collapse detection.
 * The worker shell drives it; tests drive it directly in Node.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WeightSnapshot } from '../model/weights';
import { COLLAPSE_GUIDANCE, createCollapseDetector } from './health';
import type { ImageSource } from './imageSource';
import type { SamplerContext } from './samplerFactory';
import type { TrainerSettings } from './settings';
import { Trainer } from './trainer';
import { finiteEmbeddings, type StepReport } from './stepReport';

/** Keep a known-good copy of the weights this often (an async read, off the critical path). */
export const SNAPSHOT_EVERY = 10;

export type StepHealth =
  | { kind: 'ok' }
  | { kind: 'collapsed'; message: string }
  | { kind: 'nan'; message: string; rolledBackTo: number };

export interface SessionStep {
  report: StepReport;
  health: StepHealth;
}

export class TrainingSession {
  readonly trainer: Trainer;
  private good: { step: number; weights: WeightSnapshot } | null = null;
  private readonly collapse = createCollapseDetector();
  marginOverride: number | undefined;

  constructor(settings: TrainerSettings, source: ImageSource, context: SamplerContext, pretrained?: tf.NamedTensorMap) {
    this.trainer = new Trainer(settings, source, context, pretrained);
  }

  async init(): Promise<void> {
    this.good = { step: 0, weights: await this.trainer.snapshot() };
  }

  async step({ explain = false }: { explain?: boolean } = {}): Promise<SessionStep> {
    const report = await this.trainer.trainStep(this.marginOverride, { explain });
    if (!Number.isFinite(report.stats.loss) || !finiteEmbeddings(report)) {
      const back = this.good ?? { step: 0, weights: await this.trainer.snapshot() };
      this.trainer.rollback(back.weights);
      this.collapse.reset();
      return {
        report,
        health: {
          kind: 'nan',
          rolledBackTo: back.step,
          message:
            `Step ${report.step} produced a non-finite loss (NaN or Inf). The step was rejected and the weights rolled back ` +
            `to step ${back.step}; training is paused. Lower the learning rate before going on.`,
        },
      };
    }
    if (report.step % SNAPSHOT_EVERY === 0) {
      // The snapshot is taken after this step's update, which may itself have produced the first NaN.
      const weights = await this.trainer.snapshot();
      if (weights.values.every((v) => v.every(Number.isFinite))) this.good = { step: report.step, weights };
    }
    if (this.collapse.observe(report.stats)) return { report, health: { kind: 'collapsed', message: COLLAPSE_GUIDANCE } };
    return { report, health: { kind: 'ok' } };
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
