/**
 * The page's handle on the model-check worker, created on the first check and kept (as tfjs was when the page
 * loaded it): a worker that fails to load rejects the check with a message saying so, and the next check starts a
 * fresh one.
 */
import { modelFileSet } from '../export/modelFiles';
import type { LoadedModelInfo, ModelCheckRequest, ModelCheckResponse } from './modelCheckProtocol';
import { RpcClient, type WorkerLike } from './rpc';

export type CheckModelFiles = (files: readonly File[]) => Promise<LoadedModelInfo>;

/** A checker over workers made by `createWorker` (tests inject fakes). */
export function createModelCheckClient(
  createWorker: () => WorkerLike<ModelCheckRequest, ModelCheckResponse>,
): CheckModelFiles {
  const rpc = new RpcClient<ModelCheckRequest, ModelCheckResponse>({ create: createWorker, name: 'model-check' });
  return async (files) => {
    const ordered = modelFileSet(files); // a pick without both kinds fails here, before any worker starts
    return (await rpc.ask({ type: 'check', files: ordered }, 'checked')).info;
  };
}

/**
 * Loads model.json + weights.bin picked by the user in the model-check worker, runs one mid-gray image through it,
 * and disposes everything. Rejects with tfjs's message when the files do not match (wrong shard name, truncated
 * weights).
 */
export const checkModelFiles: CheckModelFiles = createModelCheckClient(
  () =>
    new Worker(new URL('./modelCheckWorker.ts', import.meta.url), {
      type: 'module',
      name: 'model-check',
    }) as unknown as WorkerLike<ModelCheckRequest, ModelCheckResponse>,
);
