/**
 * Messages between the page and the training run (run.ts, in the training worker). Requests carry an id and get
 * exactly one reply with it; events (steps, status changes) carry id 0. Typed end to end: the run's configuration
 * crosses as a RunConfig, never as `unknown`.
 */
import type { BackendName, BackendReport } from './backend';
import type { CompareBudget, CompareEntry, ComparePoint } from './comparison';
import type { CompareSummary } from '../evaluation/compareMetrics';
import type { DatasetChoice } from './datasetSource';
import type { io } from '@tensorflow/tfjs-core';
import type { IdentityRepresentation, IdentityVectors, ImageEmbeddings } from './identityEmbedding';
import type { SamplerCensus } from './samplerComparison';
import type { StepHealth } from './session';
import type { TrainerSettings } from './settings';
import type { AugmentViewsRequest } from './augmentViews';
import type { TestTimeAugmentation } from '../data/augmentation';
import type { RunConfig } from './runConfig';
import type { StepReport } from './trainer';
import { packageTransfer, type PackageParts } from './packageParts';

type ModelArtifacts = io.ModelArtifacts;

export type TrainStatus = 'idle' | 'running' | 'paused' | 'collapsed' | 'error';

export interface RunInfo {
  params: number;
  flopsPerImage: number;
  trainIdentities: number;
  validationIdentities: number;
  trainImages: number;
}

export type TrainRequest =
  | { id: number; type: 'init'; forced?: BackendName; wasmPaths: Record<string, string>; wasmThreads?: number }
  | { id: number; type: 'configure'; settings: TrainerSettings; dataset: DatasetChoice }
  | { id: number; type: 'update'; settings: TrainerSettings }
  | { id: number; type: 'play' }
  | { id: number; type: 'pause' }
  /** One step; `explain` also measures what it did (the lesson's step-through). */
  | { id: number; type: 'step'; explain?: boolean }
  | { id: number; type: 'reset' }
  /** Back to the run the last reset replaced (kept until the next reset or configuration). */
  | { id: number; type: 'undoReset' }
  | { id: number; type: 'setMargin'; margin: number | null }
  | { id: number; type: 'resume' }
  | { id: number; type: 'forget' }
  | { id: number; type: 'embedIdentities'; representation: IdentityRepresentation }
  | { id: number; type: 'embedValidation'; split?: 'train' | 'validation'; tta?: TestTimeAugmentation }
  | { id: number; type: 'exportModel' }
  /** Try a face: one photo in the dataset's stored form, embedded by the current network (probeEmbedding.ts). */
  | { id: number; type: 'embedProbe'; pixels: Uint8Array }
  /** What the PyTorch training package is built from (packageRequest.ts); progress as 'trainingPackage' events. */
  | { id: number; type: 'trainingPackage' }
  /** Validation embeddings from a network trained elsewhere (train.py's model.json + weights.bin); reply 'validation'. */
  | { id: number; type: 'embedValidationWith'; artifacts: ModelArtifacts }
  /** Each entry trained over `seeds` seeds (base seed + 0 … seeds − 1), seed after seed, to `budget` each. */
  | { id: number; type: 'compareStart'; entries: CompareEntry[]; seeds: number; budget: CompareBudget; evalEvery: number }
  | { id: number; type: 'compareStop' }
  /** Fault injection for tests: destroys the WebGPU device as a driver reset would. */
  | { id: number; type: 'loseDevice' }
  | { id: number; type: 'setSubspaces'; subspaceOf: Int32Array }
  | { id: number; type: 'compareSamplers'; batches: number }
  /** Augmented views of batch positions (indices null: the first training image, `positions.length` draws of it). */
  | ({ id: number; type: 'augmentViews' } & Omit<AugmentViewsRequest, 'indices'> & { indices: Int32Array | null });

export type TrainResponse =
  | { id: number; type: 'ready'; backend: BackendReport }
  | { id: number; type: 'configured'; run: RunInfo }
  | { id: number; type: 'ok' }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'identities'; vectors: IdentityVectors; families: Int32Array | null }
  | { id: number; type: 'samplerComparison'; results: SamplerCensus[] }
  | { id: number; type: 'views'; images: Uint8Array; size: number; channels: 1 | 3 }
  | { id: number; type: 'validation'; embeddings: ImageEmbeddings; step: number }
  | { id: number; type: 'model'; artifacts: ModelArtifacts; step: number }
  | { id: number; type: 'probe'; embedding: Float32Array; step: number }
  | { id: number; type: 'trainingPackage'; parts: PackageParts }
  | { id: 0; type: 'progress'; task: 'embedIdentities' | 'embedValidation' | 'trainingPackage'; done: number; total: number }
  | { id: number; type: 'resumed'; step: number; config: RunConfig | null; run: RunInfo | null }
  | { id: number; type: 'undone'; step: number; run: RunInfo }
  | { id: 0; type: 'checkpoint'; step: number }
  | { id: 0; type: 'deviceLost'; message: string }
  | { id: 0; type: 'compare'; points: ComparePoint[]; recall: { run: number; seed: number; step: number; recallAt1: number }[] }
  /** After each seed every configuration finished: the statistics so far. */
  | { id: 0; type: 'compareSummary'; summary: CompareSummary }
  | { id: 0; type: 'compareDone'; message?: string }
  | { id: 0; type: 'step'; report: StepReport; health: StepHealth }
  | { id: 0; type: 'status'; status: TrainStatus; step: number; message?: string };

/** The buffers of a reply that postMessage hands over instead of copying (the sender must not read them again). */
export function replyTransfer(reply: TrainResponse): Transferable[] {
  switch (reply.type) {
    case 'identities':
      return [reply.vectors.vectors.buffer, reply.vectors.ids.buffer];
    case 'validation':
      return [reply.embeddings.embeddings.buffer, reply.embeddings.labels.buffer, reply.embeddings.images.buffer];
    case 'views':
      return [reply.images.buffer];
    case 'probe':
      return [reply.embedding.buffer];
    case 'trainingPackage':
      return packageTransfer(reply.parts);
    default:
      return [];
  }
}
