/**
 * Embeddings in the files of the TensorBoard Embedding Projector (projector.tensorflow.org, "Load"):
 *   vectors.tsv            N rows of D tab-separated numbers, no header
 *   metadata.tsv           a header `identity\tname\tfile`, then one row per vector, in the same order (the
 *                          projector labels and colours points by any column: the name reads better than a number)
 *   sprite.png             the N thumbnails in a square grid, row-major, each cell `cell × cell` pixels
 *   projector_config.json  ties them together (tensorShape [N, D], singleImageDim [cell, cell])
 * The projector caps a sprite at 8192 × 8192 pixels, so the cell shrinks when N is large.
 */
import { zipSync } from 'fflate';
import type { RawImage } from '../data/imageSpec';
import { toStoredImage } from '../data/resize';
import { encodePng } from '../data/synthetic/png';

export const MAX_SPRITE_SIDE = 8192;

export interface ProjectorEmbeddings {
  /** [N × dim] row-major. */
  embeddings: Float32Array;
  dim: number;
  /** [N] identity id of each row. */
  labels: Int32Array;
  /** [N] dataset image index of each row. */
  images: Int32Array;
}

/** One image as stored (HWC uint8, square). */
export interface Thumbnail {
  pixels: Uint8Array;
  size: number;
  channels: 1 | 3;
}

export interface SpriteLayout {
  /** Cells per row (and at most this many rows). */
  columns: number;
  /** Side of one cell in pixels. */
  cell: number;
  /** Side of the square sprite in pixels. */
  side: number;
}

/** A square grid for `n` images of side `imageSize`, shrunk so the sprite stays within MAX_SPRITE_SIDE. */
export function spriteLayout(n: number, imageSize: number): SpriteLayout {
  const columns = Math.max(1, Math.ceil(Math.sqrt(n)));
  const cell = Math.max(1, Math.min(imageSize, Math.floor(MAX_SPRITE_SIDE / columns)));
  return { columns, cell, side: columns * cell };
}

/** float32 values round-trip through 9 significant digits; trailing zeros are dropped. */
const cell32 = (v: number): string => String(Number(v.toPrecision(9)));

export function vectorsTsv(e: ProjectorEmbeddings): string {
  const n = e.labels.length;
  const lines: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<string>(e.dim);
    for (let d = 0; d < e.dim; d++) row[d] = cell32(e.embeddings[i * e.dim + d] as number);
    lines[i] = row.join('\t');
  }
  return `${lines.join('\n')}\n`;
}

/** Tabs and line breaks would shift the projector's columns. */
const tsvCell = (text: string): string => text.replace(/[\t\r\n]/g, ' ');

/**
 * @param fileName name of a row's image, e.g. `identity_12/img_3`
 * @param identityName the identity's name, e.g. its folder name `alice` (default: `identity 12`)
 */
export function metadataTsv(
  e: ProjectorEmbeddings,
  fileName: (image: number, identity: number) => string,
  identityName: (identity: number) => string = (identity) => `identity ${identity}`,
): string {
  const lines = ['identity\tname\tfile'];
  for (let i = 0; i < e.labels.length; i++) {
    const identity = e.labels[i] as number;
    lines.push(
      `${identity}\t${tsvCell(identityName(identity))}\t${tsvCell(fileName(e.images[i] as number, identity))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The sprite as RGB pixels [side, side, 3]; cells past the last image stay white.
 * @param thumbnail the stored image of a dataset image index
 */
export function spritePixels(
  images: Int32Array,
  layout: SpriteLayout,
  thumbnail: (image: number) => Thumbnail,
): Uint8Array {
  const { columns, cell, side } = layout;
  const out = new Uint8Array(side * side * 3).fill(255);
  for (let i = 0; i < images.length; i++) {
    const t = thumbnail(images[i] as number);
    const raw: RawImage = { width: t.size, height: t.size, channels: t.channels, data: t.pixels };
    const rgb =
      t.size === cell && t.channels === 3 ? t.pixels : toStoredImage(raw, { width: cell, height: cell, channels: 3 });
    const x0 = (i % columns) * cell;
    const y0 = Math.floor(i / columns) * cell;
    for (let y = 0; y < cell; y++) out.set(rgb.subarray(y * cell * 3, (y + 1) * cell * 3), ((y0 + y) * side + x0) * 3);
  }
  return out;
}

export interface ProjectorConfig {
  embeddings: {
    tensorName: string;
    tensorShape: [number, number];
    tensorPath: string;
    metadataPath: string;
    sprite?: { imagePath: string; singleImageDim: [number, number] };
  }[];
}

export function projectorConfig(tensorName: string, n: number, dim: number, cell: number | null): ProjectorConfig {
  return {
    embeddings: [
      {
        tensorName,
        tensorShape: [n, dim],
        tensorPath: 'vectors.tsv',
        metadataPath: 'metadata.tsv',
        ...(cell !== null
          ? { sprite: { imagePath: 'sprite.png', singleImageDim: [cell, cell] as [number, number] } }
          : {}),
      },
    ],
  };
}

export interface ProjectorFiles {
  'vectors.tsv': Uint8Array;
  'metadata.tsv': Uint8Array;
  'projector_config.json': Uint8Array;
  'sprite.png'?: Uint8Array;
}

export interface ProjectorOptions {
  tensorName: string;
  fileName: (image: number, identity: number) => string;
  /** The identity's name for metadata.tsv (default `identity 12`). */
  identityName?: (identity: number) => string;
  /** Stored pixels of an image; without it there is no sprite. */
  thumbnail?: (image: number) => Thumbnail;
  /** Side of the stored images (the sprite's cell unless the grid must shrink). */
  imageSize?: number;
}

/** All four files as bytes (UTF-8 text, PNG). */
export function projectorFiles(e: ProjectorEmbeddings, options: ProjectorOptions): ProjectorFiles {
  const text = new TextEncoder();
  const n = e.labels.length;
  const layout = options.thumbnail && options.imageSize ? spriteLayout(n, options.imageSize) : null;
  const files: ProjectorFiles = {
    'vectors.tsv': text.encode(vectorsTsv(e)),
    'metadata.tsv': text.encode(metadataTsv(e, options.fileName, options.identityName)),
    'projector_config.json': text.encode(
      JSON.stringify(projectorConfig(options.tensorName, n, e.dim, layout?.cell ?? null), null, 2),
    ),
  };
  if (layout && options.thumbnail)
    files['sprite.png'] = encodePng(spritePixels(e.images, layout, options.thumbnail), layout.side, layout.side, 3);
  return files;
}

/** The files in one .zip (PNG stored, text deflated). */
export function projectorZip(files: ProjectorFiles): Uint8Array {
  const entries: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  for (const [name, bytes] of Object.entries(files) as [string, Uint8Array][])
    entries[name] = name.endsWith('.png') ? [bytes, { level: 0 }] : bytes;
  return zipSync(entries);
}
