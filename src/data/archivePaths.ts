/**
 * Where an archive's files land among the import entries: under the archive's name without its extension, as if it
 * were a folder ("faces.tgz" holding "alice/1.jpg" gives "faces/alice/1.jpg"), so importPaths' identity rule holds
 * for folders and archives alike. Archives are often packed from a folder and hold it as a lone top folder
 * ("lfw.tgz" → "lfw/Aaron/Aaron_0001.jpg"); that folder is dropped when it holds folders (the identities), so the
 * dataset and its report read the same as the folder's own import: "lfw/README.txt" stays a root file, not an
 * identity "lfw". A lone folder of images only ("alice.zip" → "alice/1.jpg") is the identity and stays.
 */
import type { ImportEntry } from './importPaths';
import { classifyPath, splitPath } from './importPaths';
import { archiveStem } from './archiveReader';

export function placeArchiveFiles(archivePath: string, files: readonly { path: string; file: Blob }[]): ImportEntry[] {
  const prefix = archiveStem(archivePath);
  const split = files.map((f) => splitPath(f.path));
  // Only files that will be imported decide: __MACOSX/ and .DS_Store beside the top folder do not count.
  const real = split.filter((parts) => classifyPath(`root/${parts.join('/')}`).kind !== 'system');
  const top = real[0]?.[0];
  const lone =
    top !== undefined &&
    real.every((parts) => parts.length >= 2 && parts[0] === top) &&
    real.some((parts) => parts.length >= 3);
  return files.map((f, i) => {
    const parts = split[i] as string[];
    const inner = lone && parts[0] === top ? parts.slice(1) : parts;
    return { path: [prefix, ...inner].join('/'), file: f.file };
  });
}
