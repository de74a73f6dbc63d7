/**
 * Opens the dataset a run trains on: its image source, identity counts and the seeded train/validation split.
 * Built-in synthetic faces are generated on demand; imported datasets are read from IndexedDB (the worker can).
 */
import { indexFromCounts, indexFromLabels, type IdentityIndex } from '../data/identityIndex';
import type { Channels } from '../data/imageSpec';
import { splitByIdentity, type IdentitySplit } from '../data/split';
import { createDatasetStore, openLabDb } from '../data/store';
import { createSyntheticFaces, type SyntheticFacesSettings } from '../data/synthetic/syntheticFaces';
import { storedSource, syntheticSource, type ImageSource } from './imageSource';

export type DatasetChoice =
  | { kind: 'synthetic'; settings: SyntheticFacesSettings }
  /** An imported dataset in IndexedDB; resolution and channels are copied here so the page can size the network. */
  | { kind: 'stored'; id: string; name: string; resolution: number; channels: Channels };

export interface OpenDataset {
  source: ImageSource;
  /** Images per identity, identities numbered 0 … N − 1. */
  counts: ArrayLike<number>;
  split: IdentitySplit;
  train: IdentityIndex;
  validation: IdentityIndex;
  /** Family of each identity (synthetic look-alikes), when known. */
  familyOf?: (identity: number) => number;
}

/** Side and channels of the stored images, whatever the kind. */
export function choiceSpec(choice: DatasetChoice): { resolution: number; channels: Channels } {
  return choice.kind === 'synthetic' ? { resolution: choice.settings.resolution, channels: choice.settings.channels } : choice;
}

export async function openDataset(choice: DatasetChoice, splitSeed: number): Promise<OpenDataset> {
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
