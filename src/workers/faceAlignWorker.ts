/// <reference lib="webworker" />
/**
 * The face-align import worker: the decode worker's protocol (DecodeRequest → DecodeResponse), with the stored form
 * made by faceAlignForm.ts instead of a centre crop, which aligns the files it holds in batches (faceAlignBatcher.ts).
 * tfjs runs here on wasm (single-threaded SIMD, as train/backend.ts explains; one worker per core does the
 * parallelism), cpu where wasm cannot start. The detector's weights are
 * fetched from the app's own origin and loaded once per worker, on its first batch.
 * Create with `new Worker(new URL('./faceAlignWorker.ts', import.meta.url), { type: 'module' })` (faceAlignPool.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { decodeWithImageBitmap } from '../data/browserDecoder';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import { replyTransfer } from './decodeProtocol';
import { processBlob } from '../data/processImage';
import { fetchAssetReader } from '../model/pretrained/faceApiWeights';
import type { FaceDetector } from '../model/pretrained/faceDetector';
import { loadFaceDetector } from '../model/pretrained/faceDetector';
import { createFaceAlignForm } from './faceAlignForm';
import { wasmPaths } from './wasmAssets';
import { serve } from './rpc';

async function start(): Promise<FaceDetector> {
  setWasmPaths(wasmPaths());
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const onWasm = await tf.setBackend('wasm').catch(() => false);
  if (!onWasm && !(await tf.setBackend('cpu'))) throw new Error('neither the wasm nor the cpu backend could start');
  await tf.ready();
  return loadFaceDetector(fetchAssetReader());
}

/** Files are decoded as they come and aligned a mosaic at a time (the pool keeps several in flight here). */
const form = createFaceAlignForm(start);

serve<DecodeRequest, DecodeResponse>(
  async (req) => {
    form.hold();
    try {
      return {
        type: 'result',
        id: req.id,
        outcome: await processBlob(req.file, req.name, req.spec, decodeWithImageBitmap, form),
      };
    } finally {
      form.release();
    }
  },
  { transfer: replyTransfer },
);
