/**
 * The embedding network's configuration: plain data, so it can live in the URL hash and in saved artifacts.
 *
 * Two presets share one residual architecture (see plan.ts) and differ only in widths, depth and how early they
 * downsample: `tiny` trains at a useful rate on a CPU (wasm backend), `standard` is for real GPUs.
 */

export type ModelPreset = 'tiny' | 'standard';

/**
 * Which network maps images to embeddings. `lunet` is the residual net of plan.ts trained from scratch; the two
 * `resnet34` ones put a linear head (Dense D) on the pretrained face-recognition ResNet of face-api
 * (pretrained/faceResNet.ts), whose weights stay fixed (`resnet34Frozen`) or train too (`resnet34FineTuned`).
 */
export type BackboneId = 'lunet' | 'resnet34Frozen' | 'resnet34FineTuned';

export interface BackboneInfo {
  id: BackboneId;
  /** Short name for a select box. */
  label: string;
  /** One line for a tooltip or hint. */
  description: string;
  /** What input the backbone is made for, in one sentence for the Model panel. */
  expects: string;
  /** Needs the face-api weights (loadFaceApiWeights('face_recognition_model', …)) to build. */
  pretrained: boolean;
}

/** The backbones, in the order the UI lists them. */
const ALIGNED_FACES =
  'face crops aligned on the eyes, as dlib’s face chips (import with “Align faces”), resized to 150×150; on unaligned crops its features score about as well as raw pixels';

export const BACKBONES: readonly BackboneInfo[] = [
  {
    id: 'lunet',
    label: 'LuNet',
    description: 'LuNet-style from scratch',
    expects: 'any images with identities (faces, digits, objects) at the stored size, 32–160 px; learns everything from your data',
    pretrained: false,
  },
  {
    id: 'resnet34Frozen',
    label: 'ResNet-34 frozen',
    description: 'ResNet-34 (dlib, face-api), frozen: trains a head on its 128-d features',
    expects: ALIGNED_FACES,
    pretrained: true,
  },
  {
    id: 'resnet34FineTuned',
    label: 'ResNet-34 fine-tuned',
    description: 'ResNet-34 fine-tuned: every weight trains',
    expects: ALIGNED_FACES,
    pretrained: true,
  },
];

export const DEFAULT_BACKBONE: BackboneId = 'lunet';

/** The config's backbone, `lunet` when the field is absent (configs saved before it existed). */
export const backboneOf = (config: Pick<ModelConfig, 'backbone'>): BackboneId => config.backbone ?? DEFAULT_BACKBONE;

/** Whether building this config needs the pretrained weight map. */
export const needsPretrainedWeights = (config: Pick<ModelConfig, 'backbone'>): boolean =>
  backboneOf(config) !== 'lunet';

export interface ModelConfig {
  /** The network; absent means 'lunet'. For the resnet34 backbones `preset` and `batchNorm` are ignored. */
  backbone?: BackboneId;
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
  if (!BACKBONES.some((b) => b.id === backboneOf(config))) {
    throw new Error(`Unknown backbone: ${String(config.backbone)}`);
  }
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
