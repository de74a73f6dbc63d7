/**
 * What the PyTorch training package (export/trainingPackage.ts) is made of, gathered where tfjs lives (the training
 * worker, or Node in tests): a fresh trainer with the run's settings measures the golden batch from the run's
 * initial weights (the same seed builds the same network; augmentation off), the lab's model.json parts, and the training split's
 * images with their hashes and names. The run itself is not touched. A run on the pretrained face ResNet also carries
 * the network's spec for train.py's face_resnet.py (faceResNetPackageSpec).
 */
import type * as tf from '@tensorflow/tfjs';
import { NO_AUGMENTATION } from '../data/augmentation';
import type { IdentityIndex } from '../data/identityIndex';
import { saveModelArtifacts } from '../model/artifacts';
import { EMBEDDING_HEAD_LAYER_NAME, FACE_RESNET_LAYER_NAME } from '../model/backbone';
import { backboneOf, type ModelConfig } from '../model/config';
import {
  FACE_RESNET_BLOCKS,
  FACE_RESNET_DESCRIPTOR_DIM,
  FACE_RESNET_INPUT_SIZE,
  FACE_RESNET_MEAN_RGB,
  FACE_RESNET_STEM,
  type FaceResNetBlock,
} from '../model/pretrained/faceResNetSpec';
import type { WeightSnapshot } from '../model/weights';
import type { OpenDataset } from './datasetSource';
import { measureGoldenBatch, type GoldenBatch } from './goldenBatch';
import type { ImageSource } from './imageSource';
import type { TrainerSettings } from './settings';
import { Trainer } from './trainer';
import { imageHashes } from './imageHashes';
import { FINE_TUNE_LR_SCALE } from './learningRate';

export interface TrainingImages {
  /** [N, S, S, C] uint8, HWC per image. */
  pixels: Uint8Array;
  /** [N] identity id of each image. */
  labels: Int32Array;
}

/** The lab's model.json without its weights: train.py writes the trained ones into it. */
export interface TfjsTemplate {
  modelTopology: unknown;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  generatedBy?: string;
  userDefinedMetadata?: unknown;
}

/** The pretrained backbone as train.py builds it (manifest model.faceResNet): the network's spec and how it trains. */
export interface FaceResNetPackageSpec {
  /** Layer names of the backbone and the embedding head, the prefixes of their weights. */
  layerName: string;
  headName: string;
  inputSize: number;
  meanRgb: readonly number[];
  stem: { name: string; kernel: number; stride: number; filters: number };
  blocks: readonly FaceResNetBlock[];
  descriptorDim: number;
  /** Fine-tuned (true) or frozen (false: only the head trains). */
  trained: boolean;
  /** The backbone's fraction of the learning rate when it trains (the lab's FINE_TUNE_LR_SCALE). */
  learningRateScale: number;
}

/** The spec of a resnet34 config's backbone; undefined for LuNet (its layer plan describes it). */
export function faceResNetPackageSpec(config: ModelConfig): FaceResNetPackageSpec | undefined {
  const backbone = backboneOf(config);
  if (backbone === 'lunet') return undefined;
  return {
    layerName: FACE_RESNET_LAYER_NAME,
    headName: EMBEDDING_HEAD_LAYER_NAME,
    inputSize: FACE_RESNET_INPUT_SIZE,
    meanRgb: [...FACE_RESNET_MEAN_RGB],
    stem: { ...FACE_RESNET_STEM },
    blocks: FACE_RESNET_BLOCKS.map((b) => ({ ...b })),
    descriptorDim: FACE_RESNET_DESCRIPTOR_DIM,
    trained: backbone === 'resnet34FineTuned',
    learningRateScale: FINE_TUNE_LR_SCALE,
  };
}

export interface PackageParts {
  settings: TrainerSettings;
  /** The lab's initial weights (all of them, batch norm statistics included). */
  initial: WeightSnapshot;
  golden: GoldenBatch;
  images: TrainingImages;
  size: number;
  channels: 1 | 3;
  /** Identity ids and names; names default to the id. */
  identities: { id: number; name: string }[];
  split: { train: ArrayLike<number>; validation: ArrayLike<number> };
  tfjs: TfjsTemplate;
  /** The pretrained backbone's spec; absent for LuNet. */
  faceResNet?: FaceResNetPackageSpec;
  /** FNV-1a 64 of each image's stored pixels (src/data/hash.ts); computed from `images` when absent. */
  hashes?: string[];
  /** A name per packaged image (the stored file path), for messages about the data folder; default "image i". */
  imageNames?: readonly string[];
  /** The images are face crops aligned on the eyes at import; null: unknown (a built-in set). */
  aligned?: boolean | null;
}

/** The training split's images, in the index's order, from the run's image source. */
export function trainingImages(source: ImageSource, train: IdentityIndex): TrainingImages {
  const bytes = source.size * source.size * source.channels;
  const pixels = new Uint8Array(train.images.length * bytes);
  const labels = new Int32Array(train.images.length);
  for (let slot = 0; slot < train.ids.length; slot++) {
    for (let j = train.offsets[slot] as number; j < (train.offsets[slot + 1] as number); j++) {
      pixels.set(source.image(train.images[j] as number), j * bytes);
      labels[j] = train.ids[slot] as number;
    }
  }
  return { pixels, labels };
}

export type PackageStage = 'golden batch' | 'images' | 'hashes';

/**
 * @param settings the run's settings (the model's input already sized to the dataset)
 * @param progress called before each stage
 * @param pretrained the face-recognition weights, for a resnet34 run (pretrainedFor); not disposed
 */
export async function collectPackageParts(
  settings: TrainerSettings,
  data: OpenDataset,
  progress: (stage: PackageStage) => void = () => undefined,
  pretrained?: tf.NamedTensorMap,
): Promise<PackageParts> {
  const faceResNet = faceResNetPackageSpec(settings.model);
  if (faceResNet && !pretrained)
    throw new Error(`The training package of a ${backboneOf(settings.model)} run needs the pretrained face-recognition weights to measure its golden batch.`);
  progress('golden batch');
  // Augmentation off: the golden batch is compared in PyTorch without it (the lab's random draws are tfjs's); the
  // initial weights do not depend on it.
  const trainer = new Trainer({ ...settings, augmentation: NO_AUGMENTATION }, data.source, { train: data.train }, pretrained);
  let measured: Awaited<ReturnType<typeof measureGoldenBatch>>;
  let artifacts: Awaited<ReturnType<typeof saveModelArtifacts>>;
  try {
    artifacts = await saveModelArtifacts(trainer.model);
    measured = await measureGoldenBatch(trainer, data.source);
  } finally {
    trainer.dispose();
  }
  progress('images');
  const images = trainingImages(data.source, data.train);
  progress('hashes');
  const hashes = imageHashes(images.pixels, images.labels.length);
  const names = data.identityNames;
  const paths = data.paths;
  return {
    settings,
    ...measured,
    images,
    size: data.source.size,
    channels: data.source.channels,
    identities: Array.from(data.train.ids, (id) => ({ id, name: names?.[id] ?? `identity ${id}` })),
    split: data.split,
    tfjs: {
      modelTopology: artifacts.modelTopology,
      weightSpecs: (artifacts.weightSpecs ?? []).map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
      ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    },
    ...(faceResNet ? { faceResNet } : {}),
    hashes,
    imageNames: paths ? Array.from(data.train.images, (i) => paths[i] ?? `image ${i}`) : undefined,
    aligned: data.aligned ?? null,
  };
}

/** The large buffers of the parts, handed over by postMessage instead of copied. */
export function packageTransfer(parts: PackageParts): Transferable[] {
  const buffers = new Set<ArrayBufferLike>([parts.images.pixels.buffer, parts.images.labels.buffer, parts.golden.pixels.buffer, parts.golden.embeddings.buffer]);
  for (const v of parts.initial.values) buffers.add(v.buffer);
  return [...buffers] as Transferable[];
}
