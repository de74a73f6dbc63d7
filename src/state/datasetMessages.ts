/** Failures of the dataset library worded for the user: what failed, why, what to do, and that nothing was lost. */
import { isQuotaError } from '../data/importPipeline';
import type { ImportReport } from '../data/importReport';
import { errorText } from '../common/errorText';

const nameOf = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`;

/** A failed storage action as the user should read it. */
export function describeStorageError(action: string, e: unknown): string {
  if (isQuotaError(e))
    return `${action}: the browser's storage is full. Delete a dataset you no longer need or free disk space, then try again. Datasets already imported are kept.`;
  if (nameOf(e) === 'NotReadableError' || nameOf(e) === 'NotFoundError')
    return `${action}: the browser could not read the files (moved, deleted, or no permission). Pick the folder again.`;
  if (e instanceof RangeError) return `${action}: out of memory (${e.message}). Import fewer files at a time.`;
  return `${action}: ${errorText(e)}. Datasets already imported are kept.`;
}

/** Why an import ended early, for the banner (the report's summary line says it too). */
export function stoppedMessage(report: ImportReport): string | null {
  const s = report.stopped;
  if (!s || s.by === 'cancel') return null;
  const kept = `${report.images} images of ${report.identities} identities were stored and are kept`;
  return s.by === 'quotaExceeded'
    ? `The browser's storage filled up during the import: ${kept}; ${s.notAttempted} files were not attempted. Delete a dataset or free disk space, then import the rest.`
    : `Storage failed during the import (${s.message}): ${kept}.`;
}
