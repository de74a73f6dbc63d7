/**
 * A run's configuration: the trainer's settings plus the dataset. Plain data: it crosses to the training worker, is
 * saved with checkpoints and lives in the URL hash (the page calls it LabConfig).
 */
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import type { DatasetChoice } from './datasetSource';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';

export interface RunConfig {
  trainer: TrainerSettings;
  dataset: DatasetChoice;
}

/** The trainer's defaults (settings.ts) on the built-in synthetic faces at 32×32. */
export const DEFAULT_RUN_CONFIG: RunConfig = {
  trainer: DEFAULT_TRAINER_SETTINGS,
  dataset: { kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, resolution: 32 } },
};
