/**
 * Module worker shell: DecodeRequest → processBlob (pure) with the createImageBitmap decoder → DecodeResponse,
 * pixels transferred. Create with `new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' })`.
 */
import { decodeWithImageBitmap } from '../data/browserDecoder';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import { outcomeTransfer } from './decodeProtocol';
import { processBlob } from '../data/processImage';
import { errorText } from '../common/errorText';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<DecodeRequest>): Promise<void> => {
  const req = event.data;
  let response: DecodeResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const outcome = await processBlob(req.file, req.name, req.spec, decodeWithImageBitmap);
    response = { type: 'result', id: req.id, outcome };
    transfer = outcomeTransfer(outcome);
  } catch (e) {
    response = { type: 'error', id: req.id, message: errorText(e) };
  }
  scope.postMessage(response, transfer);
};
