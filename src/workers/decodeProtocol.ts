/** The decode worker's typed protocol: one request per file, answered by id. */
import type { ImageSpec } from '../data/imageSpec';
import type { ProcessOutcome } from '../data/processImage';

export interface DecodeRequest {
  type: 'decode';
  id: number;
  /** Posted as a Blob: structured clone shares the bytes, the worker reads them itself. */
  file: Blob;
  name: string;
  spec: ImageSpec;
}

export type DecodeResponse =
  { type: 'result'; id: number; outcome: ProcessOutcome } | { type: 'error'; id: number; message: string };

/** Buffers to transfer back (the pixels and the thumbnail), so results cost no copy. */
export function outcomeTransfer(outcome: ProcessOutcome): ArrayBuffer[] {
  if (!outcome.ok) return [];
  return [outcome.pixels.buffer, outcome.thumb.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** The buffers of a reply to transfer. */
export const replyTransfer = (reply: DecodeResponse): ArrayBuffer[] =>
  reply.type === 'result' ? outcomeTransfer(reply.outcome) : [];
