/**
 * Zip archives among the import entries are replaced by their files: "faces.zip" holding "alice/1.jpg" becomes
 * "faces/alice/1.jpg" (the archive name without ".zip" acts as a folder), so the identity rule of importPaths holds
 * for zips, folders and zips inside folders alike. Unpacked with fflate in memory: the archive and its contents
 * must fit in memory (fine for the lab's datasets; a multi-GB archive should be unpacked first).
 */
import { unzipSync } from 'fflate';
import type { ImportEntry } from './importPaths';
import type { SkippedFile } from './importReport';
import { errorText } from '../common/errorText';

export function isZip(head: Uint8Array): boolean {
  return (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 0x03 || head[2] === 0x05) &&
    (head[3] === 0x04 || head[3] === 0x06)
  );
}

/** The files of one archive as entries under `prefix`. Throws on a corrupt archive. */
export function unzipToEntries(bytes: Uint8Array, prefix: string): ImportEntry[] {
  const files = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
  return Object.entries(files).map(([name, data]) => ({
    path: `${prefix}/${name}`,
    file: new Blob([data as Uint8Array<ArrayBuffer>]),
  }));
}

/** Replace each zip entry (found by magic bytes, any name) with its files; an unreadable archive is reported. */
export async function expandZips(
  entries: readonly ImportEntry[],
): Promise<{ entries: ImportEntry[]; skipped: SkippedFile[] }> {
  const out: ImportEntry[] = [];
  const skipped: SkippedFile[] = [];
  for (const e of entries) {
    const head = e.file.size >= 4 ? new Uint8Array(await e.file.slice(0, 4).arrayBuffer()) : new Uint8Array(0);
    if (!isZip(head)) {
      out.push(e);
      continue;
    }
    try {
      out.push(...unzipToEntries(new Uint8Array(await e.file.arrayBuffer()), e.path.replace(/\.zip$/i, '')));
    } catch (err) {
      skipped.push({
        path: e.path,
        reason: 'corrupt',
        detail: `zip archive: ${errorText(err)}`,
      });
    }
  }
  return { entries: out, skipped };
}
