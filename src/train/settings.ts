/**
 * What the trainer needs to know, as plain data (it crosses the worker boundary and lives in the URL hash).
 * The app's full configuration in state/ is built from this.
 */
import type { LossId } from '../metric';
import type { ModelConfig } from '../model/config';
import type { SamplerId } from '../data/samplers/batch';
import { NO_AUGMENTATION, type Augmentation } from '../data/augmentation';
import { CONSTANT_LEARNING_RATE, type LearningRateSchedule } from './learningRate';

export type OptimizerName = 'adam' | 'sgdMomentum';

/** Seed 003: a constant margin, or a warm-up from m0 to m1 over `steps` (linear, or one jump at the end). */
export type MarginSchedule =
  | { kind: 'constant'; margin: number }
  | { kind: 'linear' | 'step'; from: number; to: number; steps: number };

export interface TrainerSettings {
  seed: number;
  model: ModelConfig;
  loss: LossId;
  /** Loss-specific options by name (LOSSES[loss].options); margin, distance and normalize are set separately. */
  lossOptions: Record<string, number | string | boolean>;
  distance: 'euclidean' | 'squaredEuclidean' | 'cosine';
  margin: MarginSchedule;
  sampler: Exclude<SamplerId, 'subspace'> | 'subspace';
  P: number;
  K: number;
  optimizer: OptimizerName;
  /** The base learning rate ε0; `schedule` shapes it over the steps. */
  learningRate: number;
  schedule: LearningRateSchedule;
  /** L2 weight decay λ: λ·w is added to every weight's gradient (PyTorch's `weight_decay`). 0: none. */
  weightDecay: number;
  /** Random transforms of each training image, applied on the backend inside the step. */
  augmentation: Augmentation;
  /** Save a checkpoint every this many steps (and on pause). */
  checkpointEvery: number;
}

/** The margin in force at `step`. */
export function marginAt(schedule: MarginSchedule, step: number): number {
  switch (schedule.kind) {
    case 'constant':
      return schedule.margin;
    case 'linear':
      return step >= schedule.steps ? schedule.to : schedule.from + ((schedule.to - schedule.from) * step) / schedule.steps;
    case 'step':
      return step >= schedule.steps ? schedule.to : schedule.from;
  }
}

/**
 * Defaults sized for a CPU (the lab's own machines have no GPU): the tiny network at 32×32, P = 8 identities ×
 * K = 4 images, batch-hard with margin 0.2 on the unit sphere (Hermans et al.'s recipe at classroom scale).
 * The app's configuration, the tests and the bench all start from these.
 */
export const DEFAULT_TRAINER_SETTINGS: TrainerSettings = {
  seed: 1,
  model: { backbone: 'lunet', preset: 'tiny', inputSize: 32, channels: 3, embeddingDim: 64, batchNorm: true, normalize: true, seed: 1 },
  loss: 'batchHard',
  lossOptions: {},
  distance: 'euclidean',
  margin: { kind: 'constant', margin: 0.2 },
  sampler: 'pk',
  P: 8,
  K: 4,
  optimizer: 'adam',
  learningRate: 1e-3,
  schedule: CONSTANT_LEARNING_RATE,
  weightDecay: 0,
  augmentation: NO_AUGMENTATION,
  checkpointEvery: 50,
};

/**
 * Settings saved by an older version of the lab (a checkpoint, localStorage) lack the fields added since: they take
 * the defaults, which leave such a run training as it did.
 */
export function withSettingDefaults(saved: TrainerSettings): TrainerSettings {
  const d = DEFAULT_TRAINER_SETTINGS;
  return {
    ...d,
    ...saved,
    schedule: { ...d.schedule, ...saved.schedule },
    augmentation: { ...d.augmentation, ...saved.augmentation },
  };
}
