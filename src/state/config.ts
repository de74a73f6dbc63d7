/**
 * The one configuration type of the lab, with its defaults: the trainer's settings plus the dataset choice.
 * Plain data, so it crosses to the worker, is saved with checkpoints and (issue 7) lives in the URL hash.
 */
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import type { RunConfig } from '../train/runConfig';
import { DEFAULT_TRAINER_SETTINGS } from '../train/settings';

export type LabConfig = RunConfig;

/** The trainer's defaults (train/settings.ts) on the built-in synthetic faces at 32×32. */
export const DEFAULT_CONFIG: LabConfig = {
  trainer: DEFAULT_TRAINER_SETTINGS,
  dataset: { kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, resolution: 32 } },
};
