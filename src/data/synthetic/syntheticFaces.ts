/**
 * The built-in "Synthetic faces" dataset, generated lazily: image (identity, k) is a pure function of (seed,
 * identity, k) and the settings, so 100,000 identities cost no memory until an image is asked for, and the same
 * seed gives the same pixels everywhere. No files are fetched.
 */
import { assert } from '../../common/assert';
import { createRng } from '../../common/rng';
import type { Channels, ImageSpec } from '../imageSpec';
import { squareSpec } from '../imageSpec';
import type { FaceParams } from './faceParams';
import { drawNuisance, identityParams } from './faceParams';
import { renderFace } from './faceRender';
import { mixSeed } from './seedHash';

export interface SyntheticFacesSettings {
  seed: number;
  identities: number;
  imagesPerIdentity: number;
  familySize: number;
  familySimilarity: number;
  resolution: number;
  channels: Channels;
}

/**
 * RGB by default: skin and hair colour are part of what a person uses to tell faces apart, and the extra input
 * channels cost little (the first convolution is a small part of a step); grayscale is one setting away.
 */
export const SYNTHETIC_DEFAULTS: SyntheticFacesSettings = {
  seed: 1,
  identities: 200,
  imagesPerIdentity: 10,
  familySize: 4,
  familySimilarity: 0.7,
  resolution: 64,
  channels: 3,
};
export const MAX_SYNTHETIC_IDENTITIES = 100_000;

export interface SyntheticFaces {
  settings: SyntheticFacesSettings;
  spec: ImageSpec;
  imageCount: number;
  /** Images are stored identity by identity: image i is (identity ⌊i / imagesPerIdentity⌋, k = i mod imagesPerIdentity). */
  identityOf(image: number): number;
  family(identity: number): number;
  params(identity: number): FaceParams;
  /** Render image `image` into `out` at `offset` (H·W·C bytes). */
  render(image: number, out?: Uint8Array, offset?: number): Uint8Array;
}

export function createSyntheticFaces(partial: Partial<SyntheticFacesSettings> = {}): SyntheticFaces {
  const settings = { ...SYNTHETIC_DEFAULTS, ...partial };
  const { identities, imagesPerIdentity, familySize } = settings;
  assert(
    Number.isInteger(identities) && identities >= 2 && identities <= MAX_SYNTHETIC_IDENTITIES,
    `identities must be in [2, ${MAX_SYNTHETIC_IDENTITIES}]`,
  );
  assert(Number.isInteger(imagesPerIdentity) && imagesPerIdentity >= 1, 'imagesPerIdentity must be ≥ 1');
  assert(Number.isInteger(familySize) && familySize >= 1, 'familySize must be ≥ 1');
  const spec = squareSpec(settings.resolution, settings.channels);
  // Identity genes are cheap but not free; a small cache covers the identities of a few batches.
  const cache = new Map<number, FaceParams>();
  const params = (identity: number): FaceParams => {
    let p = cache.get(identity);
    if (!p) {
      p = identityParams(identity, settings);
      if (cache.size > 4096) cache.clear();
      cache.set(identity, p);
    }
    return p;
  };
  const bytes = spec.width * spec.height * spec.channels;
  return {
    settings,
    spec,
    imageCount: identities * imagesPerIdentity,
    identityOf: (image) => Math.floor(image / imagesPerIdentity),
    family: (identity) => Math.floor(identity / familySize),
    params,
    render(image, out, offset = 0) {
      assert(image >= 0 && image < identities * imagesPerIdentity, `image ${image} out of range`);
      const identity = Math.floor(image / imagesPerIdentity);
      const k = image % imagesPerIdentity;
      const nuisance = drawNuisance(createRng(mixSeed(settings.seed, 3, identity, k)));
      const target = out ? out.subarray(offset, offset + bytes) : new Uint8Array(bytes);
      renderFace(params(identity), nuisance, spec, target);
      return target;
    },
  };
}
