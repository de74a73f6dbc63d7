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
import { wasmPaths } from './wasmAssets';

type Event = Extract<TrainResponse, { id: 0 }>;
type Request = TrainRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** What the client needs of a Worker; tests inject a fake. */
export interface TrainWorkerLike {
  postMessage(message: TrainRequest): void;
  onmessage: ((event: { data: TrainResponse }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
  terminate(): void;
}

const defaultWorker = (): TrainWorkerLike =>
  new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module', name: 'train' }) as unknown as TrainWorkerLike;

export class TrainClient {
  private readonly worker: TrainWorkerLike;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: TrainResponse) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: Event) => void>();
  /** Why the worker stopped, once it has: every request after that fails with it. */
  private failure: Error | null = null;

  constructor(createWorker: () => TrainWorkerLike = defaultWorker) {
    this.worker = createWorker();
    this.worker.onmessage = (event) => {
      const data = event.data;
      if (data.id === 0) {
        for (const listener of this.listeners) listener(data as Event);
        return;
      }
      const call = this.pending.get(data.id);
      this.pending.delete(data.id);
      call?.resolve(data);
    };
    // A worker that fails to load (a missing chunk, a blocked script) or crashes answers nothing: without this the
    // page would wait on "Starting TensorFlow.js…" forever.
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.failure = new Error(
        `The training worker stopped (${event.message || 'it could not be loaded'}). Reload the page; the last checkpoint is kept.`,
      );
      for (const call of this.pending.values()) call.reject(this.failure);
      this.pending.clear();
    };
  }

  private async request(message: Request): Promise<TrainResponse> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const reply = await new Promise<TrainResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id } as TrainRequest);
    });
    if (reply.type === 'error') throw new Error(reply.message);
    return reply;
  }

  onEvent(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts tfjs in the worker on the best backend (or the forced one) and reports the choice. */
  async init(forced?: BackendName): Promise<BackendReport> {
    const reply = await this.request({ type: 'init', forced, wasmPaths: wasmPaths() });
    if (reply.type !== 'ready') throw new Error(`unexpected reply ${reply.type}`);
    return reply.backend;
  }

  async configure(settings: TrainerSettings, dataset: DatasetChoice): Promise<RunInfo> {
    const reply = await this.request({ type: 'configure', settings, dataset });
    if (reply.type !== 'configured') throw new Error(`unexpected reply ${reply.type}`);
    return reply.run;
  }

  /** Rebuilds the run saved in IndexedDB at its last checkpoint; step 0 and config null when there is none. */
  async resume(): Promise<{ step: number; config: RunConfig | null; run: RunInfo | null }> {
    const reply = await this.request({ type: 'resume' });
    if (reply.type !== 'resumed') throw new Error(`unexpected reply ${reply.type}`);
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
    const reply = await this.request({ type: 'undoReset' });
    if (reply.type !== 'undone') throw new Error(`unexpected reply ${reply.type}`);
    return { step: reply.step, run: reply.run };
  }
  /** Re-initialises the network from the seed; resolves with the run's description. */
  async reset(): Promise<RunInfo> {
    const reply = await this.request({ type: 'reset' });
    if (reply.type !== 'configured') throw new Error(`unexpected reply ${reply.type}`);
    return reply.run;
  }
  setMargin = (margin: number | null) => this.request({ type: 'setMargin', margin });

  /**
   * Mean normalised embedding of every training identity, from the current network or the pretrained ResNet
   * (progress as events).
   */
  async embedIdentities(representation: IdentityRepresentation = 'current') {
    const reply = await this.request({ type: 'embedIdentities', representation });
    if (reply.type !== 'identities') throw new Error(`unexpected reply ${reply.type}`);
    return { vectors: reply.vectors, families: reply.families };
  }

  /** Normalised embeddings of every validation image (identities never trained on), from the current network. */
  async embedValidation(split: 'train' | 'validation' = 'validation', tta: TestTimeAugmentation = 'none') {
    const reply = await this.request({ type: 'embedValidation', split, tta });
    if (reply.type !== 'validation') throw new Error(`unexpected reply ${reply.type}`);
    return { embeddings: reply.embeddings, step: reply.step };
  }

  /**
   * Trains 2–6 configurations in lockstep over `seeds` seeds; progress arrives as 'compare' events, the statistics
   * as 'compareSummary' after each seed, then 'compareDone'.
   */
  compareStart = (entries: CompareEntry[], seeds: number, budget: CompareBudget, evalEvery: number) =>
    this.request({ type: 'compareStart', entries, seeds, budget, evalEvery });
  compareStop = () => this.request({ type: 'compareStop' });

  /** The network in the tfjs layers format (topology, weight specs, weight bytes), for download. */
  async exportModel() {
    const reply = await this.request({ type: 'exportModel' });
    if (reply.type !== 'model') throw new Error(`unexpected reply ${reply.type}`);
    return { artifacts: reply.artifacts, step: reply.step };
  }

  /** Hands the worker an identity → subspace assignment (indexed by identity id; −1 = none). */
  setSubspaces = (subspaceOf: Int32Array) => this.request({ type: 'setSubspaces', subspaceOf });

  /** Hard and semi-hard shares of P×K batches against subspace batches, on the current network. */
  async compareSamplers(batches: number) {
    const reply = await this.request({ type: 'compareSamplers', batches });
    if (reply.type !== 'samplerComparison') throw new Error(`unexpected reply ${reply.type}`);
    return reply.results;
  }

  /**
   * Augmented views as the trainer makes them: of a batch's positions (indices = the batch), or, with indices null,
   * of the first training image under `positions.length` draws (the augmentation preview).
   */
  async augmentViews(request: Omit<Extract<TrainRequest, { type: 'augmentViews' }>, 'id' | 'type'>) {
    const reply = await this.request({ type: 'augmentViews', ...request });
    if (reply.type !== 'views') throw new Error(`unexpected reply ${reply.type}`);
    return { images: reply.images, size: reply.size, channels: reply.channels };
  }

  /** Test-only fault injection: destroys the WebGPU device. */
  loseDevice = () => this.request({ type: 'loseDevice' });

  dispose(): void {
    this.worker.terminate();
  }
}
