/**
 * The page's handle on the training worker: typed requests resolved by their matching reply, and a stream of
 * events (steps, status changes) for subscribers.
 */
import type { BackendName, BackendReport } from '../train/backend';
import type { CompareBudget, CompareEntry } from '../train/comparison';
import type { DatasetChoice } from '../train/datasetSource';
import type { IdentityRepresentation } from '../train/identityEmbedding';
import type { TrainerSettings } from '../train/settings';
import type { TestTimeAugmentation } from '../data/augmentation';
import type { RunInfo, TrainRequest, TrainResponse } from '../train/runProtocol';
import type { RunConfig } from '../train/runConfig';
import { RpcClient, type FinalReply, type RequestBody, type WorkerLike } from './rpc';
import { wasmPaths } from './wasmAssets';

type Event = Extract<TrainResponse, { id: 0 }>;

/** What the client needs of a Worker; tests inject a fake. */
export type TrainWorkerLike = WorkerLike<TrainRequest, TrainResponse>;

/**
 * How long the worker may take to load tfjs, pick a backend and answer `init`: seconds normally, so a worker silent
 * for two minutes is stuck (a hung GPU adapter request), and the page says so instead of "Starting TensorFlow.js…"
 * forever.
 */
export const INIT_TIMEOUT_MS = 120_000;

const newTrainWorker = (): TrainWorkerLike =>
  new Worker(new URL('./trainWorker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  }) as unknown as TrainWorkerLike;

/** The worker prestartTrainWorker made, until the page's first TrainClient takes it. */
let prestarted: TrainWorkerLike | null = null;

/**
 * Starts the training worker before the page's own modules evaluate (ui/prestart.ts is main.tsx's first import): its
 * script (2.5 MB) and TensorFlow.js's start are the longest wait before Play and need nothing from the page. Its
 * replies wait in the worker's port until the client listens.
 */
export function prestartTrainWorker(): void {
  prestarted ??= newTrainWorker();
}

function defaultWorker(): TrainWorkerLike {
  const worker = prestarted ?? newTrainWorker();
  prestarted = null;
  return worker;
}

export class TrainClient {
  private readonly rpc: RpcClient<TrainRequest, TrainResponse>;

  constructor(createWorker: () => TrainWorkerLike = defaultWorker) {
    // The run lives in the worker: once it stops, every request fails with why, and a reload starts a new one.
    this.rpc = new RpcClient({
      create: createWorker,
      name: 'training',
      advice: 'Reload the page; the last checkpoint is kept.',
      restart: false,
    });
    this.rpc.start();
  }

  private request(message: RequestBody<TrainRequest>): Promise<FinalReply<TrainResponse>> {
    return this.rpc.call(message);
  }

  onEvent(listener: (event: Event) => void): () => void {
    return this.rpc.onEvent(listener);
  }

  /**
   * Starts tfjs in the worker on the best backend (or the forced one) and reports the choice.
   * @param wasmThreads the wasm backend's threads (train/wasmThreads.ts); fixed for the worker's life
   */
  async init(forced?: BackendName, wasmThreads?: number): Promise<BackendReport> {
    const reply = await this.rpc.ask({ type: 'init', forced, wasmPaths: wasmPaths(), wasmThreads }, 'ready', {
      timeoutMs: INIT_TIMEOUT_MS,
    });
    return reply.backend;
  }

  async configure(settings: TrainerSettings, dataset: DatasetChoice): Promise<RunInfo> {
    const reply = await this.rpc.ask({ type: 'configure', settings, dataset }, 'configured');
    return reply.run;
  }

  /** Rebuilds the run saved in IndexedDB at its last checkpoint; step 0 and config null when there is none. */
  async resume(): Promise<{ step: number; config: RunConfig | null; run: RunInfo | null }> {
    const reply = await this.rpc.ask({ type: 'resume' }, 'resumed');
    return { step: reply.step, config: reply.config, run: reply.run };
  }

  /** Forgets the saved run. */
  forget = () => this.request({ type: 'forget' });

  /** Changes loss, sampler, P, K, margin or learning rate, keeping the network. */
  update = (settings: TrainerSettings) => this.request({ type: 'update', settings });
  play = () => this.request({ type: 'play' });
  pause = () => this.request({ type: 'pause' });
  /** One step; `explain` also measures what it did (the report carries an `explanation`). */
  step = (explain = false) => this.request({ type: 'step', explain });
  /** Back to the run the last reset replaced; resolves with its step and description. */
  async undoReset(): Promise<{ step: number; run: RunInfo }> {
    const reply = await this.rpc.ask({ type: 'undoReset' }, 'undone');
    return { step: reply.step, run: reply.run };
  }
  /** Re-initialises the network from the seed; resolves with the run's description. */
  async reset(): Promise<RunInfo> {
    const reply = await this.rpc.ask({ type: 'reset' }, 'configured');
    return reply.run;
  }
  setMargin = (margin: number | null) => this.request({ type: 'setMargin', margin });

  /**
   * Mean normalised embedding of every training identity, from the current network or the pretrained ResNet
   * (progress as events).
   */
  async embedIdentities(representation: IdentityRepresentation = 'current') {
    const reply = await this.rpc.ask({ type: 'embedIdentities', representation }, 'identities');
    return { vectors: reply.vectors, families: reply.families };
  }

  /** Normalised embeddings of every validation image (identities never trained on), from the current network. */
  async embedValidation(split: 'train' | 'validation' = 'validation', tta: TestTimeAugmentation = 'none') {
    const reply = await this.rpc.ask({ type: 'embedValidation', split, tta }, 'validation');
    return { embeddings: reply.embeddings, step: reply.step };
  }

  /**
   * Trains 2–6 configurations in lockstep over `seeds` seeds; progress arrives as 'compare' events, the statistics
   * as 'compareSummary' after each seed, then 'compareDone'.
   */
  compareStart = (entries: CompareEntry[], seeds: number, budget: CompareBudget, evalEvery: number) =>
    this.request({ type: 'compareStart', entries, seeds, budget, evalEvery });
  compareStop = () => this.request({ type: 'compareStop' });

  /** Try a face: the current network's normalised embedding of one photo in the dataset's stored form. */
  async embedProbe(pixels: Uint8Array) {
    const reply = await this.rpc.ask({ type: 'embedProbe', pixels }, 'probe');
    return { embedding: reply.embedding, step: reply.step };
  }

  /** The network in the tfjs layers format (topology, weight specs, weight bytes), for download. */
  async exportModel() {
    const reply = await this.rpc.ask({ type: 'exportModel' }, 'model');
    return { artifacts: reply.artifacts, step: reply.step };
  }

  /** What the PyTorch training package of the current run is built from (progress as 'trainingPackage' events). */
  async trainingPackage() {
    const reply = await this.rpc.ask({ type: 'trainingPackage' }, 'trainingPackage');
    return reply.parts;
  }

  /** Validation embeddings from a network trained elsewhere (train.py's model.json + weights.bin). */
  async embedValidationWith(artifacts: Extract<TrainRequest, { type: 'embedValidationWith' }>['artifacts']) {
    const reply = await this.rpc.ask({ type: 'embedValidationWith', artifacts }, 'validation');
    return reply.embeddings;
  }

  /** The last assignment handed to the worker, for a worker that replaces this one (lab.ts) to start with. */
  subspaces: Int32Array | null = null;

  /** Hands the worker an identity → subspace assignment (indexed by identity id; −1 = none). */
  setSubspaces = (subspaceOf: Int32Array) => {
    this.subspaces = subspaceOf;
    return this.request({ type: 'setSubspaces', subspaceOf });
  };

  /** Hard and semi-hard shares of P×K batches against subspace batches, on the current network. */
  async compareSamplers(batches: number) {
    const reply = await this.rpc.ask({ type: 'compareSamplers', batches }, 'samplerComparison');
    return reply.results;
  }

  /**
   * Augmented views as the trainer makes them: of a batch's positions (indices = the batch), or, with indices null,
   * of the first training image under `positions.length` draws (the augmentation preview).
   */
  async augmentViews(request: Omit<Extract<TrainRequest, { type: 'augmentViews' }>, 'id' | 'type'>) {
    const reply = await this.rpc.ask({ type: 'augmentViews', ...request }, 'views');
    return { images: reply.images, size: reply.size, channels: reply.channels };
  }

  /** Test-only fault injection: destroys the WebGPU device. */
  loseDevice = () => this.request({ type: 'loseDevice' });

  /** Terminates the worker; requests still pending reject with "The training worker was closed." */
  dispose(): void {
    this.rpc.close();
  }
}
