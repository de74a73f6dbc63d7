/**
 * Pixels of dataset images on the page, for thumbnails (inspector, gallery, subspace browser, projector sprite):
 * synthetic faces are rendered from the seed, imported datasets read once from IndexedDB and kept while in use.
 */
import { createSyntheticFaces } from '../data/synthetic/syntheticFaces';
import type { Channels } from '../data/imageSpec';
import { fetchMnistFiles, type DatasetChoice } from '../train/datasetSource';
import { parseMnist } from '../data/mnist';
import { datasetLibrary } from './datasets';
import type { IdentityNamer } from '../data/identityNames';
import { mnistDigit, namesFromList, numberedIdentity } from '../data/identityNames';

export interface ImageLookup {
  size: number;
  channels: Channels;
  /** HWC uint8 pixels of dataset image `index` (cached). */
  pixels(index: number): Uint8Array;
  /** A name for the image, e.g. for the projector's metadata. */
  name(index: number): string;
  /** The name of an identity: its folder name, "digit 3", or "identity 12" for the synthetic faces. */
  identityName: IdentityNamer;
}

let cached: { key: string; lookup: Promise<ImageLookup> } | null = null;

function keyOf(choice: DatasetChoice): string {
  return choice.kind === 'synthetic'
    ? `synthetic:${JSON.stringify(choice.settings)}`
    : choice.kind === 'stored'
      ? `stored:${choice.id}`
      : 'mnist';
}

async function open(choice: DatasetChoice): Promise<ImageLookup> {
  if (choice.kind === 'synthetic') {
    const faces = createSyntheticFaces(choice.settings);
    const rendered = new Map<number, Uint8Array>();
    const per = choice.settings.imagesPerIdentity;
    return {
      size: faces.spec.width,
      channels: faces.spec.channels,
      pixels(index) {
        let p = rendered.get(index);
        if (!p) rendered.set(index, (p = faces.render(index)));
        return p;
      },
      name: (index) => `identity_${Math.floor(index / per)}/img_${index % per}`,
      identityName: numberedIdentity,
    };
  }
  if (choice.kind === 'mnist') {
    // Thumbnails at MNIST's native 28×28: no resampling on the page.
    const mnist = parseMnist(await fetchMnistFiles(location.origin), 28);
    const bytes = 28 * 28;
    return {
      size: 28,
      channels: 1,
      pixels: (index) => mnist.pixels.subarray(index * bytes, (index + 1) * bytes),
      name: (index) => `digit_${mnist.labels[index]}/${index < mnist.trainImages.length ? 'train' : 'test'}_${index}`,
      identityName: mnistDigit,
    };
  }
  const loaded = await datasetLibrary.load(choice.id);
  const { width, channels } = loaded.meta.spec;
  const bytes = width * width * channels;
  return {
    size: width,
    channels,
    pixels: (index) => loaded.pixels.subarray(index * bytes, (index + 1) * bytes),
    name: (index) => loaded.paths[index] ?? `image_${index}`,
    identityName: namesFromList(loaded.identityNames),
  };
}

/**
 * The identity names of `choice`. Built-in datasets need nothing loaded; an imported one reads its stored names
 * (with its images, kept for the thumbnails that usually follow).
 */
export async function identityNamer(choice: DatasetChoice): Promise<IdentityNamer> {
  if (choice.kind === 'synthetic') return numberedIdentity;
  if (choice.kind === 'mnist') return mnistDigit;
  return (await imagesFor(choice)).identityName;
}

/** The images of `choice`; one dataset is kept at a time. */
export function imagesFor(choice: DatasetChoice): Promise<ImageLookup> {
  const key = keyOf(choice);
  if (cached?.key !== key) cached = { key, lookup: open(choice) };
  return cached.lookup;
}

/** Drops the kept images of stored dataset `id` (after an edit rewrote it), so the next lookup reads it again. */
export function forgetStoredImages(id: string): void {
  if (cached?.key === `stored:${id}`) cached = null;
}
