/**
 * A dataset's content cut into the store's chunk records (CHUNK_IMAGES images each), the inverse of the store's
 * `load`: each chunk lists the identities whose first image it holds, so loading the chunks gives the names back.
 */
import { assert } from '../common/assert';
import type { DatasetContent } from './datasetEdits';
import type { ImageChunk } from './importPipeline';
import { CHUNK_IMAGES } from './importPipeline';

export function contentChunks(c: DatasetContent, chunkImages = CHUNK_IMAGES): ImageChunk[] {
  const n = c.labels.length;
  const px = n > 0 ? c.pixels.length / n : 0;
  const tb = n > 0 ? c.thumbs.length / n : 0;
  assert(c.paths.length === n, `${n} images but ${c.paths.length} paths`);
  assert(c.identityKeys.length === c.identityNames.length, 'every identity needs a name and a key');
  const chunks: ImageChunk[] = [];
  let seen = 0;
  for (let at = 0, index = 0; at < n; at += chunkImages, index++) {
    const end = Math.min(n, at + chunkImages);
    const labels = c.labels.slice(at, end);
    const firstNewIdentity = seen;
    for (const l of labels) {
      assert(l <= seen, `identity ${l} appears before identity ${seen}: the content is not in stored order`);
      if (l === seen) seen++;
    }
    chunks.push({
      index,
      newIdentities: Array.from({ length: seen - firstNewIdentity }, (_, k) => ({
        key: c.identityKeys[firstNewIdentity + k] as string,
        name: c.identityNames[firstNewIdentity + k] as string,
      })),
      firstNewIdentity,
      count: end - at,
      labels,
      pixels: c.pixels.slice(at * px, end * px),
      thumbs: c.thumbs.slice(at * tb, end * tb),
      paths: c.paths.slice(at, end),
    });
  }
  assert(seen === c.identityNames.length, `${c.identityNames.length} identities named but ${seen} have images`);
  return chunks;
}
