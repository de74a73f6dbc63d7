/**
 * Side-by-side loss comparison: several runs that differ only in their loss settings train in lockstep (round-robin
 * on one device) on the same split, the same seed and the same initial weights (the network is initialised from the
 * seed, so equal seeds give equal weights); or differ in backbone only, pretrained against from scratch.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OpenDataset } from './datasetSource';
import { TrainingSession } from './session';
import type { TrainerSettings } from './settings';
import type { StepReport } from './stepReport';

export interface CompareEntry {
  label: string;
  settings: TrainerSettings;
}

/** What each configuration gets per seed: the same steps, the same seconds of its own training time, or the same images. */
export type CompareBudget = { kind: 'steps' | 'time' | 'images'; value: number };

/** One point of one run's curve. */
export interface ComparePoint {
  run: number;
  /** 0-based seed index (the run's seed is the base seed plus this). */
  seed: number;
  step: number;
  /** Images trained on so far. */
  images: number;
  loss: number;
  activeFraction: number;
  hardShare: number;
  /** Accumulated training time of this run, ms. */
  wallMs: number;
}

/** Steps over which the final loss is averaged (one step's loss is noisy). */
const FINAL_LOSS_STEPS = 10;

export class Comparison {
  readonly sessions: TrainingSession[];
  private readonly wall: number[];
  private readonly images: number[];
  private readonly losses: number[][];

  /**
   * @param pretrained the face-recognition weights, when an entry uses a pretrained backbone (not disposed)
   * @param seed the seed of every run (initial weights and batches); default the first entry's
   */
  constructor(
    readonly entries: CompareEntry[],
    data: OpenDataset,
    pretrained?: tf.NamedTensorMap,
    seed = entries[0]?.settings.seed ?? 0,
  ) {
    if (entries.length < 2 || entries.length > 6) throw new Error(`Compare 2 to 6 configurations, not ${entries.length}.`);
    const model = entries[0]!.settings.model;
    // Same seed and network for all: only the loss, miner, sampler, margin and backbone (seed 002's "to pretrain or
    // not") may differ.
    this.sessions = entries.map((e) => {
      const own = { ...model, backbone: e.settings.model.backbone, inputSize: data.source.size, channels: data.source.channels };
      return new TrainingSession({ ...e.settings, seed, model: own }, data.source, { train: data.train }, pretrained);
    });
    this.wall = entries.map(() => 0);
    this.images = entries.map(() => 0);
    this.losses = entries.map(() => []);
  }

  /** Whether `run` has used its budget. */
  spent(run: number, budget: CompareBudget): boolean {
    const used = budget.kind === 'steps' ? this.sessions[run]!.trainer.step : budget.kind === 'time' ? (this.wall[run] as number) / 1000 : (this.images[run] as number);
    return used >= budget.value;
  }

  finished(budget: CompareBudget): boolean {
    return this.sessions.every((_, run) => this.spent(run, budget));
  }

  /** Mean loss of `run`'s last steps. */
  finalLoss(run: number): number {
    const last = (this.losses[run] as number[]).slice(-FINAL_LOSS_STEPS);
    return last.reduce((a, b) => a + b, 0) / Math.max(1, last.length);
  }

  /** What `run` used: steps, images and its mean time per step. */
  usage(run: number): { steps: number; images: number; msPerStep: number } {
    const steps = this.sessions[run]!.trainer.step;
    return { steps, images: this.images[run] as number, msPerStep: steps > 0 ? (this.wall[run] as number) / steps : 0 };
  }

  async init(): Promise<void> {
    for (const s of this.sessions) await s.init();
  }

  /**
   * One step of every run that has budget left, in turn.
   * @param onStep sees each run's full step report (tests check its census)
   */
  async round(budget: CompareBudget = { kind: 'steps', value: Infinity }, seed = 0, onStep?: (run: number, report: StepReport) => void): Promise<ComparePoint[]> {
    const points: ComparePoint[] = [];
    for (let run = 0; run < this.sessions.length; run++) {
      if (this.spent(run, budget)) continue;
      const { report } = await this.sessions[run]!.step();
      onStep?.(run, report);
      this.wall[run] = (this.wall[run] as number) + report.msPerStep;
      this.images[run] = (this.images[run] as number) + report.labels.length;
      (this.losses[run] as number[]).push(report.stats.loss);
      const p = report.stats.population;
      points.push({
        run,
        seed,
        step: report.step,
        images: this.images[run] as number,
        loss: report.stats.loss,
        activeFraction: report.stats.activeFraction,
        hardShare: p.total > 0 ? p.hard / p.total : 0,
        wallMs: this.wall[run] as number,
      });
    }
    return points;
  }

  dispose(): void {
    for (const s of this.sessions) s.dispose();
  }
}
