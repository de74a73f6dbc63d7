/**
 * Opens the dataset a run trains on: its image source, identity counts and the seeded train/validation split.
 */
import { indexFromCounts, type IdentityIndex } from '../data/identityIndex';
import { splitByIdentity, type IdentitySplit } from '../data/split';
import { createSyntheticFaces, type SyntheticFacesSettings } from '../data/synthetic/syntheticFaces';
import { syntheticSource, type ImageSource } from './imageSource';

export type DatasetChoice = { kind: 'synthetic'; settings: SyntheticFacesSettings };

export interface OpenDataset {
  source: ImageSource;
  /** Images per identity, identities numbered 0 … N − 1, images stored identity by identity. */
  counts: number[];
  split: IdentitySplit;
  train: IdentityIndex;
  validation: IdentityIndex;
  /** Family of each identity (synthetic look-alikes), when known. */
  familyOf?: (identity: number) => number;
}

export function openDataset(choice: DatasetChoice, splitSeed: number): OpenDataset {
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
