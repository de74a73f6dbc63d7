/**
 * The page's handle on the training worker: sends typed requests and resolves each with its matching reply.
 */
import type { BackendName, BackendReport } from '../train/backend';
import type { TrainRequest, TrainResponse } from './trainProtocol';
import { wasmPaths } from './wasmAssets';

type Pending = { resolve: (r: TrainResponse) => void };

export class TrainClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    this.worker = new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module', name: 'train' });
    this.worker.onmessage = (event: MessageEvent<TrainResponse>) => {
      const waiting = this.pending.get(event.data.id);
      if (!waiting) return;
      this.pending.delete(event.data.id);
      waiting.resolve(event.data);
    };
  }

  private request(message: Omit<TrainRequest, 'id'>): Promise<TrainResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.worker.postMessage({ ...message, id } as TrainRequest);
    });
  }

  /** Starts tfjs in the worker on the best backend (or the forced one) and reports the choice. */
  async init(forced?: BackendName): Promise<BackendReport> {
    const reply = await this.request({ type: 'init', forced, wasmPaths: wasmPaths() });
    if (reply.type === 'error') throw new Error(reply.message);
    return reply.backend;
  }

  dispose(): void {
    this.worker.terminate();
  }
}
