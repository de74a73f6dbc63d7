/** What the lab knows about a dataset without loading its pixels: the `datasets` store record. */
import type { ImageSpec } from './imageSpec';
import type { ImportReport, SkipReason } from './importReport';
import { countByReason } from './importReport';

export type DatasetKind = 'imported' | 'synthetic' | 'mnist';

export interface DatasetMeta {
  id: string;
  name: string;
  kind: DatasetKind;
  spec: ImageSpec;
  identities: number;
  images: number;
  /** Skipped files by reason (counts; the file-by-file list is in `report`). */
  skipped: Partial<Record<SkipReason, number>>;
  /** The full import report; null while importing or for built-in sets. */
  report: ImportReport | null;
  /** Stored chunks (records in the `chunks` store), numbered 0 … chunks − 1. */
  chunks: number;
  createdAt: number;
  /** Seed of the train / validation identity split. */
  splitSeed: number;
  /** The images are face crops aligned on the eyes at import (absent: centre crops, or a built-in set). */
  aligned?: boolean;
  /** True while an import is writing; still true after a reload means the import was interrupted (what was stored is kept). */
  importing: boolean;
}

/** The record `window.__lab.datasets()` returns for each dataset. */
export interface LabDatasetRecord {
  id: string;
  name: string;
  identities: number;
  images: number;
  skipped: Record<string, number>;
  importing: boolean;
}

export function toLabRecord(meta: DatasetMeta): LabDatasetRecord {
  const skipped: Record<string, number> = {};
  for (const [reason, n] of Object.entries(meta.report ? countByReason(meta.report.skipped) : meta.skipped))
    if (n) skipped[reason] = n;
  return {
    id: meta.id,
    name: meta.name,
    identities: meta.identities,
    images: meta.images,
    skipped,
    importing: meta.importing,
  };
}

/** A fresh meta for an import about to start. */
export function newImportMeta(
  id: string,
  name: string,
  spec: ImageSpec,
  now: number,
  splitSeed: number,
  aligned = false,
): DatasetMeta {
  return {
    ...(aligned ? { aligned } : {}),
    id,
    name,
    kind: 'imported',
    spec,
    identities: 0,
    images: 0,
    skipped: {},
    report: null,
    chunks: 0,
    createdAt: now,
    splitSeed,
    importing: true,
  };
}
