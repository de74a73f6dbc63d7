/// <reference lib="webworker" />
/**
 * The training worker shell: a wasm step is a second of CPU that would freeze the page, so tfjs lives here.
 * onmessage → train/run.ts (the run controller) → postMessage, with checkpoints in IndexedDB.
 */
import { clearRun, loadCheckpoint, saveCheckpoint } from '../train/checkpointStore';
import { fetchAssetReader } from '../model/pretrained/faceApiWeights';
import { createRunController } from '../train/run';
import { replyTransfer, type TrainRequest, type TrainResponse } from '../train/runProtocol';
import { serve } from './rpc';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Lets the messages waiting for this worker (pause, margin, requests) run, then resolves. A MessageChannel task, not
 * setTimeout(0): a loop of nested timers is clamped to 4 ms each, a tenth of a training step on wasm.
 */
const yieldChannel = new MessageChannel();
const yielded: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yielded.shift()?.();
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    yielded.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

const run = createRunController({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  yieldToMessages,
  checkpoints: { save: saveCheckpoint, load: loadCheckpoint, clear: clearRun },
  assets: fetchAssetReader(),
});

serve<TrainRequest, TrainResponse>(run.handle, { transfer: replyTransfer, failed: run.failed });
