/**
 * The one configuration type of the lab, with its defaults: the trainer's settings plus the dataset choice.
 * Plain data, so it crosses to the worker, is saved with checkpoints and (issue 7) lives in the URL hash.
 */
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import type { DatasetChoice } from '../train/datasetSource';
import type { TrainerSettings } from '../train/settings';

export interface LabConfig {
  trainer: TrainerSettings;
  dataset: DatasetChoice;
}

/**
 * Defaults sized for a CPU (the lab's own machines have no GPU): the tiny network at 32×32, P = 8 identities ×
 * K = 4 images, batch-hard with margin 0.2 on the unit sphere (Hermans et al.'s recipe at classroom scale).
 */
export const DEFAULT_CONFIG: LabConfig = {
  trainer: {
    seed: 1,
    model: { preset: 'tiny', inputSize: 32, channels: 3, embeddingDim: 64, batchNorm: true, normalize: true, seed: 1 },
    loss: 'batchHard',
    lossOptions: {},
    distance: 'euclidean',
    margin: { kind: 'constant', margin: 0.2 },
    sampler: 'pk',
    P: 8,
    K: 4,
    optimizer: 'adam',
    learningRate: 1e-3,
    offlineRefresh: 50,
    offlineSubset: 256,
    checkpointEvery: 50,
  },
  dataset: { kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, resolution: 32 } },
};
