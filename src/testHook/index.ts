/**
 * The test hook (`window.__lab`, read-only) and fault injection (`window.__labFaults`), installed by ui/main.tsx
 * before the lab starts. Nothing in the app imports this folder: it only reads the stores and the lab it is given.
 */
import type { TrainClient } from '../workers/trainClient';
import { installLabFaults } from './faults';
import { installLabHook, type LabHookSources } from './labHook';

export type { LabHook, LabHookSources } from './labHook';
export type { LabFaults } from './faults';
export type { ClusteringView, CompareView, EvaluationView } from './views';

export function installTestHook(sources: LabHookSources & { lab: { worker(): TrainClient | null } }): void {
  installLabHook(sources);
  installLabFaults(sources.lab);
}
