/**
 * A few of the picked photos, decoded to learn their size and whether they are grey, so the import form can suggest
 * a stored form (suggestSpec.ts) before anything is imported. Spread over the selection; unreadable files are skipped
 * here (the import itself reports them).
 */
import { readDimensions, sniffFormat } from './formats';
import type { ImportEntry } from './importPaths';
import { MAX_FILE_BYTES } from './importReport';
import { parseNetpbm } from './netpbm';
import type { BitmapDecoder } from './processImage';
import { isGrey, type SampledImage } from './suggestSpec';

/** How many photos the suggestion looks at. */
export const SAMPLE_COUNT = 12;
/** Decoded this small for the grey check: colour survives a shrink. */
const CHECK_SIDE = 48;

export async function sampleImages(entries: readonly ImportEntry[], decode: BitmapDecoder, count = SAMPLE_COUNT): Promise<SampledImage[]> {
  const step = Math.max(1, Math.floor(entries.length / count));
  const out: SampledImage[] = [];
  for (let i = 0; i < entries.length && out.length < count; i += step) {
    try {
      const file = (entries[i] as ImportEntry).file;
      // The head first: an archive or a huge file is never read whole on the page just for a suggestion.
      const sniffed = sniffFormat(new Uint8Array(await file.slice(0, 512).arrayBuffer()));
      if (sniffed.kind !== 'decodable' || file.size > MAX_FILE_BYTES) continue;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { format } = sniffed;
      if (format === 'pgm' || format === 'ppm') {
        const raw = parseNetpbm(bytes);
        out.push({ width: raw.width, height: raw.height, grey: isGrey(raw) });
        continue;
      }
      const dims = readDimensions(bytes, format);
      const shrink = dims ? Math.min(1, CHECK_SIDE / Math.min(dims.width, dims.height)) : 1;
      const raw = await decode(bytes, format, dims && shrink < 1 ? { width: Math.max(1, Math.round(dims.width * shrink)), height: Math.max(1, Math.round(dims.height * shrink)) } : null);
      out.push({ width: dims?.width ?? raw.width, height: dims?.height ?? raw.height, grey: isGrey(raw) });
    } catch {
      // Not a readable image: the import's report will name it.
    }
  }
  return out;
}
