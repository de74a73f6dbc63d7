/**
 * Archives read as streams: .zip with fflate's streaming Unzip, .tar with modern-tar's decoder, .tar.gz / .tgz
 * through the platform's DecompressionStream('gzip') first. Bytes are pulled from Blob.stream() and each file is
 * handed over as soon as its last byte arrives, so the archive is never held whole; only the file being read is.
 * Runs in the archive worker (and in Node for tests: Blob, ReadableStream and DecompressionStream are globals there).
 */
import { Unzip, UnzipInflate } from 'fflate';
import type { UnzipFile } from 'fflate';
import { createTarDecoder } from 'modern-tar';
import { errorText } from '../common/errorText';

export type ArchiveKind = 'zip' | 'tar' | 'tar.gz';

/** Bytes of the head sniffArchive needs: the tar magic sits at offset 257. */
export const ARCHIVE_HEAD_BYTES = 265;

/** The archive format from its first bytes (magic, never the name); null for anything else. */
export function sniffArchive(head: Uint8Array): ArchiveKind | null {
  const b = (i: number): number => head[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 0x03 || b(2) === 0x05) && (b(3) === 0x04 || b(3) === 0x06))
    return 'zip';
  if (b(0) === 0x1f && b(1) === 0x8b && b(2) === 0x08) return 'tar.gz';
  // POSIX "ustar\0" and GNU "ustar  " both start with these five bytes.
  const magic = String.fromCharCode(b(257), b(258), b(259), b(260), b(261));
  return magic === 'ustar' ? 'tar' : null;
}

/** An archive's name without its extension: the folder its files go under ("faces.tar.gz" → "faces"). */
export function archiveStem(path: string): string {
  return path.replace(/\.(zip|tar|tgz|tar\.gz)$/i, '');
}

export interface ArchiveSink {
  /** One regular file, in archive order; `data` holds its bytes (the reader keeps no reference). */
  file(path: string, data: BlobPart[]): void | Promise<void>;
  /** A file the archive holds but the reader cannot extract (e.g. an unknown zip compression method). */
  skip(path: string, detail: string): void;
  /** Compressed bytes read from the archive so far. */
  progress?(bytesRead: number): void;
}

/**
 * Read an archive start to end. Rejects on a corrupt or truncated archive (the files handed over before stay
 * handed over) and with an AbortError when `signal` fires.
 */
export async function readArchive(
  archive: Blob,
  kind: ArchiveKind,
  sink: ArchiveSink,
  signal?: AbortSignal,
): Promise<void> {
  let read = 0;
  const counted = archive.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        signal?.throwIfAborted();
        read += chunk.byteLength;
        sink.progress?.(read);
        controller.enqueue(chunk);
      },
    }),
  );
  if (kind === 'zip') return readZip(counted, sink, signal);
  const bytes =
    kind === 'tar.gz'
      ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)
      : counted;
  return readTar(bytes, sink, signal);
}

async function readTar(bytes: ReadableStream<Uint8Array>, sink: ArchiveSink, signal?: AbortSignal): Promise<void> {
  const entries = bytes.pipeThrough(createTarDecoder({ strict: true }));
  const reader = entries.getReader();
  try {
    for (;;) {
      const { done, value: entry } = await reader.read();
      if (done) return;
      const type = entry.header.type ?? 'file';
      if (type !== 'file') {
        await entry.body.cancel(); // folders, links, devices: nothing to import
        continue;
      }
      const parts: BlobPart[] = [];
      const body = entry.body.getReader();
      for (;;) {
        const chunk = await body.read();
        if (chunk.done) break;
        parts.push(chunk.value as Uint8Array<ArrayBuffer>);
      }
      signal?.throwIfAborted();
      await sink.file(entry.header.name, parts);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
}

const EOCD_WINDOW = 22 + 0xffff;

function hasEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  return false;
}

async function readZip(bytes: ReadableStream<Uint8Array>, sink: ArchiveSink, signal?: AbortSignal): Promise<void> {
  // fflate calls back synchronously inside push(); finished files queue here and are handed over between pushes.
  const done: { path: string; parts: BlobPart[] }[] = [];
  let failure: Error | null = null;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return; // a folder entry
    if (file.compression !== 0 && file.compression !== 8) {
      // Not started, so fflate skips its bytes: the rest of the archive still reads.
      sink.skip(file.name, `zip entry: compression method ${file.compression} (the lab reads stored and deflate)`);
      return;
    }
    const parts: BlobPart[] = [];
    file.ondata = (err, data, final) => {
      if (err) {
        failure ??= new Error(`${file.name}: ${errorText(err)}`, { cause: err });
        return;
      }
      parts.push(data as Uint8Array<ArrayBuffer>);
      if (final) done.push({ path: file.name, parts });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const reader = bytes.getReader();
  // A zip ends with its end-of-central-directory record (at most 22 + 65,535 bytes from the end); a stream that
  // stops before it was cut short, even where fflate saw nothing amiss.
  let tail = new Uint8Array(0);
  const keepTail = (chunk: Uint8Array): void => {
    const joined = new Uint8Array(Math.min(EOCD_WINDOW, tail.length + chunk.length));
    const fromChunk = Math.min(chunk.length, joined.length);
    joined.set(tail.subarray(tail.length - (joined.length - fromChunk)), 0);
    joined.set(chunk.subarray(chunk.length - fromChunk), joined.length - fromChunk);
    tail = joined;
  };
  const drain = async (): Promise<void> => {
    if (failure) throw failure;
    for (let next = done.shift(); next; next = done.shift()) {
      signal?.throwIfAborted();
      await sink.file(next.path, next.parts);
    }
  };
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      keepTail(chunk.value);
      unzip.push(chunk.value, false);
      await drain();
    }
    unzip.push(new Uint8Array(0), true);
    await drain();
    if (!hasEndRecord(tail))
      throw new Error('the archive ends early (no end-of-central-directory record): a cut download or copy?');
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
}
