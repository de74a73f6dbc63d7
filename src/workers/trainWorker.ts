/// <reference lib="webworker" />
/**
 * The training worker shell: training on wasm is a second of CPU per step, which would freeze the page, so tfjs lives
 * here. onmessage → train/ → postMessage.
 */
import { selectBackend } from '../train/backend';
import type { TrainRequest, TrainResponse } from './trainProtocol';

const post = (message: TrainResponse): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'init':
      try {
        const backend = await selectBackend({ forced: request.forced, wasmPaths: request.wasmPaths });
        post({ id: request.id, type: 'ready', backend });
      } catch (error) {
        post({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      break;
  }
};
