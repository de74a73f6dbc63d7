/// <reference lib="webworker" />
/**
 * The clustering worker shell: k-means over 100,000 × 128 is seconds of CPU, so it runs here and the page stays
 * responsive. onmessage → cluster/ (via clusterHandler) → postMessage, results transferred.
 */
import { createClusterHandler } from './clusterHandler';
import type { ClusterRequest, ClusterResponse } from './clusterProtocol';
import { serve } from './rpc';

const scope = self as unknown as DedicatedWorkerGlobalScope;
serve<ClusterRequest, ClusterResponse>(
  createClusterHandler((message, transfer) => scope.postMessage(message, transfer)),
);
