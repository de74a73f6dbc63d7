/**
 * `window.__labFaults`: fault injection for e2e specs, kept apart from the read-only `window.__lab`. It acts on the
 * app (a lost WebGPU device) or measures it under load (the clustering scale check), so it is never part of the hook.
 */
import type { TrainClient } from '../workers/trainClient';
import { clusterBlobs } from './clusterScale';

export interface LabFaults {
  /** Makes the training worker's WebGPU device report itself lost, as a driver reset would. */
  loseDevice(): Promise<unknown> | undefined;
  /** Clusters n generated identity vectors in the cluster worker (the page must stay responsive). */
  clusterBlobs: typeof clusterBlobs;
}

/** @param lab what the faults act on: the lab's current training worker (null while none runs). */
export function createLabFaults(lab: { worker(): TrainClient | null }): LabFaults {
  return Object.freeze({ loseDevice: () => lab.worker()?.loseDevice(), clusterBlobs });
}

export function installLabFaults(lab: { worker(): TrainClient | null }): void {
  Object.defineProperty(window, '__labFaults', { value: createLabFaults(lab) });
}
