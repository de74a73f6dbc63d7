/// <reference lib="webworker" />
/**
 * The face-align import worker: the decode worker's protocol (DecodeRequest → DecodeResponse), with the stored form
 * made by faceAlignForm.ts instead of a centre crop. tfjs runs here on wasm (single-threaded SIMD, as train/backend.ts
 * explains; one worker per core does the parallelism), cpu where wasm cannot start. The detector's weights are
 * fetched from the app's own origin and loaded once per worker, on its first file.
 * Create with `new Worker(new URL('./faceAlignWorker.ts', import.meta.url), { type: 'module' })` (faceAlignPool.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { decodeWithImageBitmap } from '../data/browserDecoder';
import type { DecodeRequest, DecodeResponse } from '../data/decodeMessages';
import { outcomeTransfer } from '../data/decodeMessages';
import type { ProcessOutcome, StoredForm } from '../data/processImage';
import { processBlob } from '../data/processImage';
import { fetchAssetReader } from '../model/pretrained/faceApiWeights';
import { loadFaceDetector } from '../model/pretrained/faceDetector';
import { createFaceAlignForm } from './faceAlignForm';
import { wasmPaths } from './wasmAssets';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function start(): Promise<StoredForm> {
  setWasmPaths(wasmPaths());
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const onWasm = await tf.setBackend('wasm').catch(() => false);
  if (!onWasm && !(await tf.setBackend('cpu'))) throw new Error('neither the wasm nor the cpu backend could start');
  await tf.ready();
  return createFaceAlignForm(await loadFaceDetector(fetchAssetReader()));
}

let form: Promise<StoredForm> | null = null;

/** The stored form, or why the detector could not start (fetch, wasm or weights): then every file says so. */
async function formOrFailure(): Promise<StoredForm | ProcessOutcome> {
  try {
    return await (form ??= start());
  } catch (e) {
    return {
      ok: false,
      reason: 'faceDetectionFailed',
      detail: `the face detector did not start: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

scope.onmessage = async (event: MessageEvent<DecodeRequest>): Promise<void> => {
  const req = event.data;
  let response: DecodeResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const ready = await formOrFailure();
    const outcome =
      'toStored' in ready ? await processBlob(req.file, req.name, req.spec, decodeWithImageBitmap, ready) : ready;
    response = { type: 'result', id: req.id, outcome };
    transfer = outcomeTransfer(outcome);
  } catch (e) {
    response = { type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(response, transfer);
};
