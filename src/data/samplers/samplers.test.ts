import { describe, expect, it } from 'vitest';
import type { IdentityIndex } from '../identityIndex';
import { indexFromCounts, indexFromLabels } from '../identityIndex';
import type { Batch, Sampler } from './batch';
import { createFacenetSampler } from './facenetSampler';
import { createPkSampler } from './pkSampler';
import { createRandomSampler } from './randomSampler';
import { createRandomTripletsSampler } from './randomTripletsSampler';
import { createSubspaceSampler } from './subspaceSampler';

// 12 identities: sizes vary, two have a single image (ids 3 and 7), one has 2 (id 5) → padding when K = 4.
const COUNTS = [6, 5, 4, 1, 8, 2, 4, 1, 5, 3, 7, 4];
const index = indexFromCounts(COUNTS);
const imageIdentity = COUNTS.flatMap((n, id) => new Array<number>(n).fill(id));

const groupsOf = (b: Batch, K: number): number[][] =>
  Array.from({ length: b.indices.length / K }, (_, p) => Array.from(b.indices.subarray(p * K, p * K + K)));
const checkLabels = (b: Batch): void => {
  b.indices.forEach((img, i) => expect(b.labels[i]).toBe(imageIdentity[img]));
};
const batches = (s: Sampler, n: number): Batch[] => Array.from({ length: n }, () => s.next());

describe('pk sampler', () => {
  const P = 3;
  const K = 4;
  it('holds exactly P identities × K images, with labels matching the index', () => {
    for (const b of batches(createPkSampler({ index, P, K, seed: 1 }), 20)) {
      expect(b.indices.length).toBe(P * K);
      checkLabels(b);
      const ids = groupsOf(b, K).map((g) => new Set(g.map((i) => imageIdentity[i])));
      for (const s of ids) expect(s.size).toBe(1);
      expect(new Set(ids.map((s) => [...s][0])).size).toBe(P);
    }
  });
  it('visits each identity with ≥ 2 images exactly once per epoch, never the single-image ones', () => {
    const eligible = COUNTS.flatMap((n, id) => (n >= 2 ? [id] : [])); // 10 identities
    const visits = batches(createPkSampler({ index, P, K, seed: 7 }), 10).flatMap((b) =>
      groupsOf(b, K).map((g) => imageIdentity[g[0] as number]),
    );
    expect(visits).toHaveLength(30);
    for (let e = 0; e < 3; e++)
      expect([...visits.slice(10 * e, 10 * e + 10)].sort((a, b) => (a as number) - (b as number))).toEqual(eligible);
  });
  it('draws distinct images when an identity has ≥ K, pads and counts repeats otherwise', () => {
    for (const b of batches(createPkSampler({ index, P, K, seed: 3 }), 30)) {
      let expected = 0;
      for (const g of groupsOf(b, K)) {
        const size = COUNTS[imageIdentity[g[0] as number] as number] as number;
        expect(new Set(g).size).toBe(Math.min(size, K));
        expected += Math.max(0, K - size);
      }
      expect(b.repeats).toBe(expected);
    }
    const repeatsPerEpoch = batches(createPkSampler({ index, P: 2, K, seed: 3 }), 5).reduce((s, b) => s + b.repeats, 0);
    expect(repeatsPerEpoch).toBe(2 + 1); // identity 5 (2 images) and identity 9 (3 images), once each per epoch
  });
  it('reports epochs and is deterministic per seed', () => {
    const a = batches(createPkSampler({ index, P, K, seed: 11 }), 8);
    const b = batches(createPkSampler({ index, P, K, seed: 11 }), 8);
    const c = batches(createPkSampler({ index, P, K, seed: 12 }), 8);
    expect(a.map((x) => Array.from(x.indices))).toEqual(b.map((x) => Array.from(x.indices)));
    expect(a.map((x) => Array.from(x.indices))).not.toEqual(c.map((x) => Array.from(x.indices)));
    expect(a.map((x) => x.epoch)).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
    expect(a[2]?.epochProgress).toBeCloseTo(0.9);
    expect(a.map((x) => x.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('refuses P larger than the anchor-capable identities', () => {
    expect(() => createPkSampler({ index, P: 11, K, seed: 1 })).toThrow(/only 10 training identities/);
  });
});

describe('facenet sampler', () => {
  it('adds R distinct extra images from identities outside the P, single-image ones included', () => {
    const seenExtraIds = new Set<number>();
    for (const b of batches(createFacenetSampler({ index, P: 3, K: 2, R: 5, seed: 5 }), 40)) {
      expect(b.indices.length).toBe(11);
      checkLabels(b);
      const pIds = new Set(Array.from(b.labels.subarray(0, 6)));
      expect(pIds.size).toBe(3);
      const extras = Array.from(b.indices.subarray(6));
      expect(new Set(extras).size).toBe(5);
      for (const img of extras) {
        expect(pIds.has(imageIdentity[img] as number)).toBe(false);
        seenExtraIds.add(imageIdentity[img] as number);
      }
    }
    expect(seenExtraIds.has(3) && seenExtraIds.has(7)).toBe(true);
  });
});

describe('random and randomTriplets samplers', () => {
  it('random: B distinct images of the index', () => {
    const sub = indexFromCounts(COUNTS, [0, 1, 2]); // 15 images
    const bs = batches(createRandomSampler({ index: sub, B: 10, seed: 2 }), 3);
    for (const b of bs) {
      expect(new Set(b.indices).size).toBe(10);
      checkLabels(b);
      for (const i of b.indices) expect(i).toBeLessThan(15);
    }
    expect(bs.map((b) => b.epoch)).toEqual([0, 1, 1]);
  });
  it('randomTriplets: anchor and positive share an identity and differ, the negative does not', () => {
    const b = createRandomTripletsSampler({ index, T: 200, seed: 4 }).next();
    checkLabels(b);
    expect(Array.from(b.triplets ?? [])).toEqual(Array.from({ length: 600 }, (_, i) => i));
    const anchorIds = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const [a, p, n] = [b.indices[3 * t], b.indices[3 * t + 1], b.indices[3 * t + 2]] as [number, number, number];
      expect(a).not.toBe(p);
      expect(imageIdentity[a]).toBe(imageIdentity[p]);
      expect(imageIdentity[n]).not.toBe(imageIdentity[a]);
      anchorIds.add(imageIdentity[a] as number);
    }
    expect(anchorIds.has(3) || anchorIds.has(7)).toBe(false);
    expect(anchorIds.size).toBe(10);
  });
});

describe('subspace sampler', () => {
  // 40 identities of 3 images; subspace = id % 4 (10 identities each), identity 39 unassigned.
  const big: IdentityIndex = indexFromLabels(Array.from({ length: 120 }, (_, i) => Math.floor(i / 3)));
  const assignment = Array.from({ length: 40 }, (_, id) => (id === 39 ? -1 : id % 4));
  it('draws all P identities from one subspace, each subspace visited', () => {
    const s = createSubspaceSampler({ index: big, P: 4, K: 3, seed: 9, assignment });
    const used = new Set<number>();
    for (const b of batches(s, 50)) {
      const ids = new Set(Array.from(b.labels));
      expect(ids.size).toBe(4);
      expect(b.indices.length).toBe(12);
      const subs = new Set([...ids].map((id) => assignment[id]));
      expect(subs.size).toBe(1);
      expect([...subs][0]).toBe(b.subspace);
      expect(ids.has(39)).toBe(false);
      used.add(b.subspace as number);
    }
    expect(used).toEqual(new Set([0, 1, 2, 3]));
  });
  it('follows a new assignment, and mixes subspaces (-1) only when none holds P identities', () => {
    const s = createSubspaceSampler({ index: big, P: 4, K: 2, seed: 9, assignment });
    s.setAssignment(Array.from({ length: 40 }, (_, id) => (id < 20 ? 0 : 1)));
    for (const b of batches(s, 10)) {
      const ids = Array.from(b.labels);
      expect(ids.every((id) => (id < 20 ? 0 : 1) === b.subspace)).toBe(true);
    }
    s.setAssignment(Array.from({ length: 40 }, (_, id) => id % 20)); // 2 identities per subspace < P
    const b = s.next();
    expect(b.subspace).toBe(-1);
    expect(new Set(Array.from(b.labels)).size).toBe(4);
  });
});
