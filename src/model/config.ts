/**
 * The embedding network's configuration: plain data, so it can live in the URL hash and in saved artifacts.
 *
 * Two presets share one residual architecture (see plan.ts) and differ only in widths, depth and how early they
 * downsample: `tiny` trains at a useful rate on a CPU (wasm backend), `standard` is for real GPUs.
 */

export type ModelPreset = 'tiny' | 'standard';

export interface ModelConfig {
  preset: ModelPreset;
  /** Input height = width in pixels, an integer in [MIN_INPUT_SIZE, MAX_INPUT_SIZE]. */
  inputSize: number;
  /** Input channels: 1 (grayscale) or 3 (RGB). */
  channels: 1 | 3;
  /** Embedding dimension D: an integer in [1, MAX_EMBEDDING_DIM]; 2 gives a live 2-D view. */
  embeddingDim: number;
  /** Batch normalisation after every convolution (convolutions then carry no bias). */
  batchNorm: boolean;
  /** L2-normalise embeddings onto the unit sphere; applied by embed(), outside the layers model. */
  normalize: boolean;
  /** Seed of the initial weights: the same config gives the same initial weights. */
  seed: number;
}

export const MIN_INPUT_SIZE = 32;
export const MAX_INPUT_SIZE = 160;
export const MAX_EMBEDDING_DIM = 1024;
export const DEFAULT_EMBEDDING_DIM = 64;

/** From this input size on, a 2×2 max pool follows the stem so the residual stages see at most ~40×40 (tiny). */
export const EARLY_POOL_MIN_INPUT = 96;

/** One residual stage: `blocks` residual blocks of `filters` channels; the first block downsamples by `stride`. */
export interface StageSpec {
  filters: number;
  blocks: number;
  stride: 1 | 2;
}

/** The widths and strides behind a preset. */
export interface PresetSpec {
  /** The stem: one 3×3 convolution. */
  stemFilters: number;
  stemStride: 1 | 2;
  stages: readonly StageSpec[];
}

/**
 * `tiny`: channels 8/16/32, every convolution after the stem at 1/4 resolution or less; about 0.5 M MACs per
 * 32×32×1 image and 1.9 M at 64×64×1. `standard`: 32/64/128/256 with two blocks per stage, a ResNet-18-like
 * layout at a quarter of the width, for GPUs.
 */
export const PRESETS: Readonly<Record<ModelPreset, PresetSpec>> = {
  tiny: {
    stemFilters: 8,
    stemStride: 2,
    stages: [
      { filters: 16, blocks: 1, stride: 2 },
      { filters: 32, blocks: 1, stride: 2 },
    ],
  },
  standard: {
    stemFilters: 32,
    stemStride: 1,
    stages: [
      { filters: 64, blocks: 2, stride: 2 },
      { filters: 128, blocks: 2, stride: 2 },
      { filters: 256, blocks: 2, stride: 2 },
    ],
  },
};

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = {
  preset: 'tiny',
  inputSize: 32,
  channels: 1,
  embeddingDim: DEFAULT_EMBEDDING_DIM,
  batchNorm: true,
  normalize: true,
  seed: 1,
};

/** Throws with a readable message when the config is outside what the architecture supports. */
export function validateModelConfig(config: ModelConfig): void {
  const { inputSize, channels, embeddingDim, seed, preset } = config;
  if (!(preset in PRESETS)) throw new Error(`Unknown model preset: ${String(preset)}`);
  if (!Number.isInteger(inputSize) || inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
    throw new Error(`inputSize must be an integer in [${MIN_INPUT_SIZE}, ${MAX_INPUT_SIZE}], got ${inputSize}`);
  }
  if (channels !== 1 && channels !== 3) throw new Error(`channels must be 1 or 3, got ${String(channels)}`);
  if (!Number.isInteger(embeddingDim) || embeddingDim < 1 || embeddingDim > MAX_EMBEDDING_DIM) {
    throw new Error(`embeddingDim must be an integer in [1, ${MAX_EMBEDDING_DIM}], got ${embeddingDim}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
}
