/**
 * Module worker shell: DecodeRequest → processBlob (pure) with the createImageBitmap decoder → DecodeResponse,
 * pixels transferred. Create with `new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module' })`.
 */
import { decodeWithImageBitmap } from '../data/browserDecoder';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import { replyTransfer } from './decodeProtocol';
import { processBlob } from '../data/processImage';
import { serve } from './rpc';

serve<DecodeRequest, DecodeResponse>(
  async (req) => ({
    type: 'result',
    id: req.id,
    outcome: await processBlob(req.file, req.name, req.spec, decodeWithImageBitmap),
  }),
  { transfer: replyTransfer },
);
