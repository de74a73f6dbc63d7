import { unzipSync, unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createSyntheticFaces } from '../data/synthetic/syntheticFaces';
import type { ProjectorEmbeddings, Thumbnail } from './projectorExport';
import {
  MAX_SPRITE_SIDE,
  metadataTsv,
  projectorFiles,
  projectorZip,
  spriteLayout,
  spritePixels,
  vectorsTsv,
} from './projectorExport';

const EMB: ProjectorEmbeddings = {
  embeddings: Float32Array.from([0.5, -0.25, 1 / 3, 0, 1e-8, -1]),
  dim: 2,
  labels: Int32Array.from([4, 4, 9]),
  images: Int32Array.from([40, 41, 90]),
};
const name = (image: number, identity: number) => `identity_${identity}/img_${image % 10}`;

/** Decodes the lab's own PNGs (one IDAT, filter 0 on every row) back to RGB. */
function decodeRgbPng(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let at = 8;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = unzlibSync(idat[0]!);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  return { width, height, rgb };
}

describe('projectorExport', () => {
  it('writes vectors without a header, float32 values exactly (hand-checked)', () => {
    const tsv = vectorsTsv(EMB);
    expect(tsv).toBe('0.5\t-0.25\n0.333333343\t0\n9.99999994e-9\t-1\n');
    // Parsing back gives the float32 values bit for bit.
    const back = Float32Array.from(tsv.trim().split(/\s+/).map(Number));
    expect(back).toEqual(EMB.embeddings);
  });

  it('writes metadata with a header and one row per vector, in order', () => {
    expect(metadataTsv(EMB, name)).toBe(
      'identity\tname\tfile\n4\tidentity 4\tidentity_4/img_0\n4\tidentity 4\tidentity_4/img_1\n9\tidentity 9\tidentity_9/img_0\n',
    );
    expect(metadataTsv(EMB, () => 'a\tb')).toContain('4\tidentity 4\ta b\n');
  });

  it("names each row's identity (folder names); tabs and line breaks in a name become spaces", () => {
    const names = ['', '', '', '', 'Aaron\tEckhart', '', '', '', '', 'Zoë\nSaldaña'];
    expect(metadataTsv(EMB, name, (identity) => names[identity] as string)).toBe(
      'identity\tname\tfile\n4\tAaron Eckhart\tidentity_4/img_0\n4\tAaron Eckhart\tidentity_4/img_1\n9\tZoë Saldaña\tidentity_9/img_0\n',
    );
  });

  it('lays the sprite out in a square grid within 8192 pixels', () => {
    expect(spriteLayout(400, 32)).toEqual({ columns: 20, cell: 32, side: 640 });
    expect(spriteLayout(401, 32)).toEqual({ columns: 21, cell: 32, side: 672 });
    expect(spriteLayout(1, 64)).toEqual({ columns: 1, cell: 64, side: 64 });
    const big = spriteLayout(100_000, 64);
    expect(big).toEqual({ columns: 317, cell: 25, side: 7925 });
    expect(big.side).toBeLessThanOrEqual(MAX_SPRITE_SIDE);
  });

  it('puts each thumbnail in its cell, row-major, white after the last', () => {
    const faces = createSyntheticFaces({ resolution: 32, channels: 3, identities: 4, imagesPerIdentity: 2 });
    const thumb = (i: number): Thumbnail => ({ pixels: faces.render(i), size: 32, channels: 3 });
    const images = Int32Array.from([5, 0, 7]);
    const layout = spriteLayout(3, 32);
    const sprite = spritePixels(images, layout, thumb);
    const cellAt = (col: number, row: number) => {
      const out = new Uint8Array(32 * 32 * 3);
      for (let y = 0; y < 32; y++)
        out.set(
          sprite.subarray(((row * 32 + y) * 64 + col * 32) * 3, ((row * 32 + y) * 64 + col * 32 + 32) * 3),
          y * 96,
        );
      return out;
    };
    expect(cellAt(0, 0)).toEqual(faces.render(5));
    expect(cellAt(1, 0)).toEqual(faces.render(0));
    expect(cellAt(0, 1)).toEqual(faces.render(7));
    expect(cellAt(1, 1).every((v) => v === 255)).toBe(true);
  });

  it('shrinks and colours a gray thumbnail by box averaging', () => {
    // A 4×4 gray image of 2×2 blocks 0, 100, 200, 50 becomes a 2×2 RGB cell of those values.
    const pixels = Uint8Array.from([0, 0, 100, 100, 0, 0, 100, 100, 200, 200, 50, 50, 200, 200, 50, 50]);
    const sprite = spritePixels(Int32Array.from([0]), { columns: 1, cell: 2, side: 2 }, () => ({
      pixels,
      size: 4,
      channels: 1,
    }));
    expect([...sprite]).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 50, 50, 50]);
  });

  it('bundles the four files; the config points at them and the PNG decodes to the sprite', () => {
    const faces = createSyntheticFaces({ resolution: 32, channels: 1, identities: 10, imagesPerIdentity: 10 });
    const files = projectorFiles(EMB, {
      tensorName: 'validation',
      fileName: name,
      thumbnail: (i) => ({ pixels: faces.render(i), size: 32, channels: 1 }),
      imageSize: 32,
    });
    const unzipped = unzipSync(projectorZip(files));
    expect(Object.keys(unzipped).sort()).toEqual([
      'metadata.tsv',
      'projector_config.json',
      'sprite.png',
      'vectors.tsv',
    ]);
    const config = JSON.parse(new TextDecoder().decode(unzipped['projector_config.json']));
    expect(config).toEqual({
      embeddings: [
        {
          tensorName: 'validation',
          tensorShape: [3, 2],
          tensorPath: 'vectors.tsv',
          metadataPath: 'metadata.tsv',
          sprite: { imagePath: 'sprite.png', singleImageDim: [32, 32] },
        },
      ],
    });
    const png = decodeRgbPng(unzipped['sprite.png']!);
    expect([png.width, png.height]).toEqual([64, 64]);
    // Gray 40's first pixel, replicated into R, G and B.
    const gray = faces.render(40)[0]!;
    expect([...png.rgb.subarray(0, 3)]).toEqual([gray, gray, gray]);
    expect(new TextDecoder().decode(unzipped['vectors.tsv'])).toBe(vectorsTsv(EMB));
  });

  it('leaves the sprite out when there are no thumbnails', () => {
    const files = projectorFiles(EMB, { tensorName: 't', fileName: name });
    expect(files['sprite.png']).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(files['projector_config.json'])).embeddings[0].sprite).toBeUndefined();
  });
});
