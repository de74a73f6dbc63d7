import { describe, expect, it } from 'vitest';
import { createRng } from '../../common/rng';
import { fnv1a64 } from '../hash';
import { drawNuisance, identityParams } from './faceParams';
import { renderFace } from './faceRender';
import { createSyntheticFaces } from './syntheticFaces';

describe('synthetic faces', () => {
  it('is a pure function of (seed, identity, image): same seed, same pixels; other seed, other pixels', () => {
    const a = createSyntheticFaces({ seed: 5, identities: 50, resolution: 48 });
    const b = createSyntheticFaces({ seed: 5, identities: 50, resolution: 48 });
    const c = createSyntheticFaces({ seed: 6, identities: 50, resolution: 48 });
    for (const image of [0, 7, 123, 499]) {
      expect(fnv1a64(a.render(image))).toBe(fnv1a64(b.render(image)));
      expect(fnv1a64(a.render(image))).not.toBe(fnv1a64(c.render(image)));
    }
    // Rendering order and the params cache do not matter.
    const late = createSyntheticFaces({ seed: 5, identities: 50, resolution: 48 });
    late.render(300);
    expect(fnv1a64(late.render(7))).toBe(fnv1a64(a.render(7)));
    // Lazy: the last of 100,000 identities renders without generating the others.
    const huge = createSyntheticFaces({ identities: 100_000, resolution: 32, channels: 1 });
    expect(huge.imageCount).toBe(1_000_000);
    expect(huge.render(999_999).length).toBe(32 * 32);
  });

  it('renders into a caller buffer at an offset, gray or RGB', () => {
    const g = createSyntheticFaces({ resolution: 32, channels: 1 });
    const out = new Uint8Array(3 * 1024);
    g.render(4, out, 1024);
    expect(Array.from(out.subarray(1024, 2048))).toEqual(Array.from(g.render(4)));
    expect(out.subarray(0, 1024).every((v) => v === 0)).toBe(true);
    expect(createSyntheticFaces({ resolution: 32, channels: 3 }).render(0).length).toBe(3 * 1024);
  });

  /** Mean L2 pixel distance within and across families, each identity drawn with the same nuisance (pose etc.). */
  function familyDistances(similarity: number): { within: number; across: number } {
    const settings = { seed: 3, familySize: 4, familySimilarity: similarity };
    const spec = { width: 32, height: 32, channels: 1 as const };
    const nuisance = { ...drawNuisance(createRng(1)), occlusion: 'none' as const, noise: 0 };
    const imgs = Array.from({ length: 48 }, (_, id) => renderFace(identityParams(id, settings), nuisance, spec));
    const dist = (a: Uint8Array, b: Uint8Array): number =>
      Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0));
    let within = 0;
    let nw = 0;
    let across = 0;
    let na = 0;
    for (let i = 0; i < imgs.length; i++)
      for (let j = i + 1; j < imgs.length; j++) {
        const d = dist(imgs[i] as Uint8Array, imgs[j] as Uint8Array);
        if (Math.floor(i / 4) === Math.floor(j / 4)) {
          within += d;
          nw++;
        } else {
          across += d;
          na++;
        }
      }
    return { within: within / nw, across: across / na };
  }

  it('makes families of look-alikes: within-family distance is well below across-family, more so at higher similarity', () => {
    const high = familyDistances(0.9);
    const mid = familyDistances(0.7);
    const none = familyDistances(0);
    expect(high.within / high.across).toBeLessThan(0.2); // measured 0.085
    expect(mid.within / mid.across).toBeLessThan(0.6); // measured 0.47
    expect(high.within / high.across).toBeLessThan(mid.within / mid.across);
    // Similarity 0: members are unrelated faces.
    expect(none.within / none.across).toBeGreaterThan(0.9); // measured 0.97
  });

  it('members of a family still differ (no two identities render alike)', () => {
    const settings = { seed: 9, familySize: 4, familySimilarity: 1 };
    const a = identityParams(0, settings);
    const b = identityParams(1, settings);
    expect(a).not.toEqual(b);
  });
});
