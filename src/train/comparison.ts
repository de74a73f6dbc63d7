/**
 * Side-by-side loss comparison: several runs that differ only in their loss settings train in lockstep (round-robin
 * on one device) on the same split, the same seed and the same initial weights (the network is initialised from the
 * seed, so equal seeds give equal weights); or differ in backbone only, pretrained against from scratch.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OpenDataset } from './datasetSource';
import { TrainingSession } from './session';
import type { TrainerSettings } from './settings';

export interface CompareEntry {
  label: string;
  settings: TrainerSettings;
}

/** One point of one run's curve. */
export interface ComparePoint {
  run: number;
  step: number;
  loss: number;
  activeFraction: number;
  hardShare: number;
  /** Accumulated training time of this run, ms. */
  wallMs: number;
}

export class Comparison {
  readonly sessions: TrainingSession[];
  private readonly wall: number[];

  /** @param pretrained the face-recognition weights, when an entry uses a pretrained backbone (not disposed) */
  constructor(
    readonly entries: CompareEntry[],
    data: OpenDataset,
    pretrained?: tf.NamedTensorMap,
  ) {
    if (entries.length < 2 || entries.length > 6) throw new Error(`Compare 2 to 6 configurations, not ${entries.length}.`);
    const seed = entries[0]!.settings.seed;
    const model = entries[0]!.settings.model;
    // Same seed and network for all: only the loss, miner, sampler, margin and backbone (seed 002's "to pretrain or
    // not") may differ.
    this.sessions = entries.map((e) => {
      const own = { ...model, backbone: e.settings.model.backbone, inputSize: data.source.size, channels: data.source.channels };
      return new TrainingSession({ ...e.settings, seed, model: own }, data.source, { train: data.train }, pretrained);
    });
    this.wall = entries.map(() => 0);
  }

  async init(): Promise<void> {
    for (const s of this.sessions) await s.init();
  }

  /** One step of every run, in turn. */
  async round(): Promise<ComparePoint[]> {
    const points: ComparePoint[] = [];
    for (let run = 0; run < this.sessions.length; run++) {
      const { report } = await this.sessions[run]!.step();
      this.wall[run] = (this.wall[run] as number) + report.msPerStep;
      const p = report.stats.population;
      points.push({
        run,
        step: report.step,
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
