/**
 * Where an image's identity comes from: its immediate parent folder. Paths are relative to what the user gave and
 * start with the root's name ("faces/alice/1.jpg" from a picked folder, "faces.zip/alice/1.jpg" from a zip), so a
 * file needs at least three segments to have an identity. Deeper nesting works ("root/set/alice/1.jpg"); the
 * identity key is the whole parent path so two folders named "alice" in different sets stay apart.
 */

/** One file to import: its path from the root (root name first, "/" separators) and its content. */
export interface ImportEntry {
  path: string;
  file: Blob;
}

export type PathClass =
  { kind: 'image'; identityKey: string; identityName: string } | { kind: 'system' } | { kind: 'root' };

const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.picasa.ini', 'icon\r']);

export function splitPath(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0 && s !== '.');
}

/** Classify a path: an identity's image, an OS artefact, or a file at the root with no identity folder. */
export function classifyPath(path: string): PathClass {
  const parts = splitPath(path);
  const name = (parts[parts.length - 1] ?? '').toLowerCase();
  if (
    SYSTEM_NAMES.has(name) ||
    name.startsWith('._') ||
    parts.some((p) => p === '__MACOSX' || (p.startsWith('.') && p.length > 1))
  ) {
    return { kind: 'system' };
  }
  if (parts.length < 3) return { kind: 'root' };
  return { kind: 'image', identityKey: parts.slice(0, -1).join('/'), identityName: parts[parts.length - 2] as string };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Entries sorted by folder, then name (code-unit order): the import is deterministic whatever order the browser
 * listed them in, and each identity's files are contiguous ("a/b/z.jpg" before "a/b/c/1.jpg").
 */
export function sortEntries<T extends { path: string }>(entries: readonly T[]): T[] {
  const keyed = entries.map((e) => {
    const parts = splitPath(e.path);
    return { e, dir: parts.slice(0, -1).join('/'), name: parts[parts.length - 1] ?? '' };
  });
  keyed.sort((a, b) => cmp(a.dir, b.dir) || cmp(a.name, b.name));
  return keyed.map((k) => k.e);
}
