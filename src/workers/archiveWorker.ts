/**
 * Module worker shell: ArchiveRequest → handleArchiveRequest → ArchiveResponse messages. Create with
 * `new Worker(new URL('./archiveWorker.ts', import.meta.url), { type: 'module' })`.
 */
import type { ArchiveRequest } from './archiveProtocol';
import { handleArchiveRequest } from './archiveHandler';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ArchiveRequest>): void => {
  void handleArchiveRequest(event.data, (response) => scope.postMessage(response));
};
