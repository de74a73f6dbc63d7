/** The one configuration type of the lab and its defaults (train/runConfig.ts), under the page's name. */
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../train/runConfig';

export type LabConfig = RunConfig;

export const DEFAULT_CONFIG: LabConfig = DEFAULT_RUN_CONFIG;
