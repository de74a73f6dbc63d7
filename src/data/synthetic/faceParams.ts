/**
 * The genes of a synthetic identity and the families of look-alikes they come in. Identities are grouped in
 * families of `familySize`; a family draws one base face, and each member re-draws a few genes (how many and how far
 * is set by `familySimilarity` in [0, 1]). Family members are the hard negatives — seed 003's "brothers" and seed
 * 000's look-alike identities that only a subspace sampler puts in the same batch.
 */
import type { Rng } from '../../common/rng';
import { createRng } from '../../common/rng';
import { mixSeed } from './seedHash';

export const HAIR_STYLES = ['buzz', 'short', 'long', 'fringe', 'sidePart', 'curly', 'bald'] as const;
export type HairStyle = (typeof HAIR_STYLES)[number];
export const GLASSES = ['none', 'round', 'square'] as const;
export type Glasses = (typeof GLASSES)[number];
export const BEARDS = ['none', 'stubble', 'full', 'moustache', 'goatee'] as const;
export type Beard = (typeof BEARDS)[number];

/** Continuous genes, each in [0, 1]; faceRender maps them to geometry and colour. */
export const CONTINUOUS_GENES = [
  'faceWidth',
  'faceLength',
  'jaw',
  'skinTone',
  'hairTone',
  'hairline',
  'eyeSpacing',
  'eyeSize',
  'eyeHeight',
  'irisTone',
  'browThickness',
  'browTilt',
  'browHeight',
  'noseLength',
  'noseWidth',
  'mouthWidth',
  'lipFullness',
  'lipTone',
  'earSize',
] as const;
export type ContinuousGene = (typeof CONTINUOUS_GENES)[number];

export type FaceParams = Record<ContinuousGene, number> & { hairStyle: HairStyle; glasses: Glasses; beard: Beard };

const DISCRETE_GENES = ['hairStyle', 'glasses', 'beard'] as const;
const ALL_GENES = [...CONTINUOUS_GENES, ...DISCRETE_GENES];

function pick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

function drawDiscrete(rng: Rng, gene: (typeof DISCRETE_GENES)[number]): HairStyle | Glasses | Beard {
  switch (gene) {
    case 'hairStyle':
      return pick(rng, HAIR_STYLES, [2, 3, 3, 2, 2, 2, 1]);
    case 'glasses':
      return pick(rng, GLASSES, [7, 1.5, 1.5]);
    case 'beard':
      return pick(rng, BEARDS, [5, 1.5, 1.5, 1.2, 1.2]);
  }
}

/** A face drawn from scratch. */
export function drawFaceParams(rng: Rng): FaceParams {
  const genes = {} as Record<ContinuousGene, number>;
  for (const g of CONTINUOUS_GENES) genes[g] = rng.next();
  return {
    ...genes,
    hairStyle: drawDiscrete(rng, 'hairStyle') as HairStyle,
    glasses: drawDiscrete(rng, 'glasses') as Glasses,
    beard: drawDiscrete(rng, 'beard') as Beard,
  };
}

export interface FamilySettings {
  seed: number;
  /** Identities per family (1 = no look-alikes). */
  familySize: number;
  /** 0: members are unrelated; 1: members differ in 2 genes, by a little. */
  familySimilarity: number;
}

/** The genes of identity `identity`: a pure function of (seed, identity, family settings). */
export function identityParams(identity: number, s: FamilySettings): FaceParams {
  const family = Math.floor(identity / Math.max(1, s.familySize));
  const base = drawFaceParams(createRng(mixSeed(s.seed, 1, family)));
  if (s.familySize <= 1) return base;
  const rng = createRng(mixSeed(s.seed, 2, identity));
  const sim = Math.min(1, Math.max(0, s.familySimilarity));
  const changes = Math.max(2, Math.round((1 - sim) * ALL_GENES.length));
  const mix = 0.35 + 0.65 * (1 - sim);
  const genes = rng.shuffle([...ALL_GENES]).slice(0, changes);
  const out: FaceParams = { ...base };
  for (const g of genes) {
    if (g === 'hairStyle' || g === 'glasses' || g === 'beard') {
      // Discrete genes flip only when the change is strong enough; otherwise the look-alikes would be obvious.
      if (rng.next() < mix) (out as Record<string, unknown>)[g] = drawDiscrete(rng, g);
    } else {
      out[g] = base[g] + mix * (rng.next() - base[g]);
    }
  }
  return out;
}

/** Per-image nuisance: pose, lighting, expression, noise, occlusion. */
export interface Nuisance {
  dx: number;
  dy: number;
  scale: number;
  rotation: number;
  lightAngle: number;
  lightStrength: number;
  smile: number;
  browRaise: number;
  eyeOpen: number;
  gaze: number;
  noise: number;
  background: readonly [number, number, number];
  shirt: readonly [number, number, number];
  occlusion: 'none' | 'bar' | 'hand';
  occlusionY: number;
  occlusionX: number;
  noiseSeed: number;
}

export function drawNuisance(rng: Rng): Nuisance {
  const grey = 0.35 + 0.5 * rng.next();
  const tint = (): number => Math.min(1, Math.max(0, grey + 0.12 * (rng.next() - 0.5)));
  const blink = rng.next() < 0.08;
  const o = rng.next();
  return {
    dx: 0.06 * (rng.next() * 2 - 1),
    dy: 0.05 * (rng.next() * 2 - 1),
    scale: 0.9 + 0.18 * rng.next(),
    rotation: ((12 * Math.PI) / 180) * (rng.next() * 2 - 1),
    lightAngle: 2 * Math.PI * rng.next(),
    lightStrength: 0.45 * rng.next(),
    smile: -0.4 + 1.4 * rng.next(),
    browRaise: rng.next(),
    eyeOpen: blink ? 0.12 : 0.6 + 0.4 * rng.next(),
    gaze: 0.6 * (rng.next() * 2 - 1),
    noise: 0.005 + 0.025 * rng.next(),
    background: [tint(), tint(), tint()],
    shirt: [rng.next(), rng.next(), rng.next()],
    occlusion: o < 0.06 ? 'bar' : o < 0.12 ? 'hand' : 'none',
    occlusionY: rng.next(),
    occlusionX: rng.next() * 2 - 1,
    noiseSeed: Math.floor(rng.next() * 4294967296),
  };
}
