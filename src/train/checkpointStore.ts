/**
 * Checkpoints in IndexedDB (its own database, so the dataset store's schema is untouched): the network's weights, the
 * optimizer's state and the step, written every N steps and on pause, so a reload resumes the run where it was.
 * The page stores the run's history next to it (`history` store) when told a checkpoint was written.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunConfig } from './runConfig';
import type { WeightSnapshot } from '../model/weights';

export const RUNS_DB = 'triplet-lab-runs';
/** The one run a tab resumes. */
export const CURRENT = 'current';

export interface SavedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface Checkpoint {
  step: number;
  savedAt: number;
  /** The run's configuration; settings fields added since it was saved take their defaults on load. */
  config: RunConfig;
  weights: WeightSnapshot;
  optimizer: SavedTensor[];
}

export interface SavedHistory {
  step: number;
  rows: unknown[];
  markers: unknown[];
}

interface RunsDb extends DBSchema {
  checkpoints: { key: string; value: Checkpoint };
  history: { key: string; value: SavedHistory };
}

let db: Promise<IDBPDatabase<RunsDb>> | null = null;

export function openRunsDb(): Promise<IDBPDatabase<RunsDb>> {
  db ??= openDB<RunsDb>(RUNS_DB, 1, {
    upgrade(database) {
      database.createObjectStore('checkpoints');
      database.createObjectStore('history');
    },
  });
  return db;
}

/**
 * Resolves once the transaction has committed, not merely when the put succeeded: a tab closed or reloaded right
 * after a resolved put can still lose an uncommitted transaction (seen as an empty history after a reload).
 */
async function putDurably<S extends 'checkpoints' | 'history'>(store: S, value: RunsDb[S]['value']): Promise<void> {
  const tx = (await openRunsDb()).transaction(store, 'readwrite');
  await tx.store.put(value, CURRENT);
  await tx.done;
}

export async function saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
  await putDurably('checkpoints', checkpoint);
}

export async function loadCheckpoint(): Promise<Checkpoint | undefined> {
  return (await openRunsDb()).get('checkpoints', CURRENT);
}

export async function saveHistory(history: SavedHistory): Promise<void> {
  await putDurably('history', history);
}

export async function loadHistory(): Promise<SavedHistory | undefined> {
  return (await openRunsDb()).get('history', CURRENT);
}

/** Forgets the saved run (a reset, or a new configuration). */
export async function clearRun(): Promise<void> {
  const database = await openRunsDb();
  await Promise.all([database.delete('checkpoints', CURRENT), database.delete('history', CURRENT)]);
}
