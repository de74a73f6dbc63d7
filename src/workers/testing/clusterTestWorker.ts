/**
 * Test double for a Worker: runs `createClusterHandler` on this thread, with messages cloned (and buffers
 * transferred, i.e. detached) by `structuredClone` and delivered on a later turn of the event loop, as a real one.
 */
import { createClusterHandler } from '../clusterHandler';
import type { WorkerLike } from '../clusterClient';
import type { ClusterRequest, ClusterResponse } from '../clusterProtocol';

export class InThreadClusterWorker implements WorkerLike {
  onmessage: ((event: { data: ClusterResponse }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  readonly received: ClusterRequest[] = [];
  terminated = false;
  private readonly handle = createClusterHandler((message, transfer) => {
    const data = structuredClone(message, { transfer });
    setTimeout(() => !this.terminated && this.onmessage?.({ data }), 0);
  });

  postMessage(message: ClusterRequest, transfer: Transferable[]): void {
    const data = structuredClone(message, { transfer });
    this.received.push(data);
    setTimeout(() => !this.terminated && void this.handle(data), 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}
