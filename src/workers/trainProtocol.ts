/**
 * Messages between the page and the training worker. Typed unions with a request id, so a reply can be matched to
 * its request and late replies of a cancelled request ignored.
 */
import type { BackendName, BackendReport } from '../train/backend';

export type TrainRequest = { id: number; type: 'init'; forced?: BackendName; wasmPaths: Record<string, string> };

export type TrainResponse =
  { id: number; type: 'ready'; backend: BackendReport } | { id: number; type: 'error'; message: string };
