/**
 * A run's configuration: the trainer's settings plus the dataset. Plain data: it crosses to the training worker, is
 * saved with checkpoints and lives in the URL hash (the page calls it LabConfig).
 */
import type { DatasetChoice } from './datasetSource';
import type { TrainerSettings } from './settings';

export interface RunConfig {
  trainer: TrainerSettings;
  dataset: DatasetChoice;
}
