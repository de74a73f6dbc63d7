/**
 * The fields of LabConfig that a link carries, as a declarative table in the manner of tensorflow/playground's
 * state.ts PROPS: each row names a hash key, a path into LabConfig and a type with its bounds. With each type's text
 * form: encodeValue writes the shortest text, decodeValue reads it back or refuses it (undefined), never throws.
 * urlCodec.ts walks this table to write and read the whole configuration.
 */
import { MAX_SYNTHETIC_IDENTITIES } from '../data/synthetic/syntheticFaces';
import { MAX_RESOLUTION, MIN_RESOLUTION } from '../data/imageSpec';
import { LOSS_IDS, type OptionSpec } from '../metric/catalog';
import { BACKBONES, MAX_EMBEDDING_DIM, MAX_INPUT_SIZE, MIN_INPUT_SIZE } from '../model/config';
import type { MarginSchedule } from '../train/settings';

export type FieldType =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number; /** Exclude `min` itself (a learning rate of 0). */ open?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'margin' };

export interface Prop {
  key: string;
  /** Path of the value inside LabConfig. */
  path: readonly string[];
  type: FieldType;
}

const int = (min: number, max: number): FieldType => ({ kind: 'int', min, max });
const num = (min: number, max: number, open = false): FieldType => ({ kind: 'number', min, max, open });
const oneOf = (...values: string[]): FieldType => ({ kind: 'enum', values });
const BOOL: FieldType = { kind: 'bool' };
const SEED = int(0, 2 ** 31 - 1);

/** Every field of LabConfig except the loss options (keyed `lo.<name>`, typed by the chosen loss's OptionSpecs). */
export const PROPS: readonly Prop[] = [
  { key: 'seed', path: ['trainer', 'seed'], type: SEED },
  { key: 'loss', path: ['trainer', 'loss'], type: oneOf(...LOSS_IDS) },
  { key: 'dist', path: ['trainer', 'distance'], type: oneOf('euclidean', 'squaredEuclidean', 'cosine') },
  { key: 'margin', path: ['trainer', 'margin'], type: { kind: 'margin' } },
  {
    key: 'sampler',
    path: ['trainer', 'sampler'],
    type: oneOf('pk', 'facenet', 'random', 'randomTriplets', 'subspace'),
  },
  { key: 'P', path: ['trainer', 'P'], type: int(2, 64) },
  { key: 'K', path: ['trainer', 'K'], type: int(2, 32) },
  { key: 'opt', path: ['trainer', 'optimizer'], type: oneOf('adam', 'sgdMomentum') },
  { key: 'lr', path: ['trainer', 'learningRate'], type: num(0, 1, true) },
  { key: 'lrs', path: ['trainer', 'schedule', 'kind'], type: oneOf('constant', 'exponential', 'cosine') },
  { key: 'lrt0', path: ['trainer', 'schedule', 'start'], type: int(0, 10_000_000) },
  { key: 'lrt1', path: ['trainer', 'schedule', 'end'], type: int(1, 10_000_000) },
  { key: 'warmup', path: ['trainer', 'schedule', 'warmup'], type: int(0, 1_000_000) },
  { key: 'wd', path: ['trainer', 'weightDecay'], type: num(0, 1) },
  { key: 'acrop', path: ['trainer', 'augmentation', 'cropScale'], type: num(0.08, 1) },
  { key: 'aratio', path: ['trainer', 'augmentation', 'cropRatio'], type: num(1, 3) },
  { key: 'aflip', path: ['trainer', 'augmentation', 'flip'], type: BOOL },
  { key: 'arot', path: ['trainer', 'augmentation', 'rotation'], type: num(0, 45) },
  { key: 'abright', path: ['trainer', 'augmentation', 'brightness'], type: num(0, 1) },
  { key: 'acontrast', path: ['trainer', 'augmentation', 'contrast'], type: num(0, 1) },
  { key: 'agamma', path: ['trainer', 'augmentation', 'gamma'], type: num(0, 2) },
  { key: 'ablur', path: ['trainer', 'augmentation', 'blur'], type: num(0, 1) },
  { key: 'aerase', path: ['trainer', 'augmentation', 'erase'], type: num(0, 1) },
  { key: 'ckpt', path: ['trainer', 'checkpointEvery'], type: int(1, 100_000) },
  { key: 'net', path: ['trainer', 'model', 'preset'], type: oneOf('tiny', 'standard') },
  { key: 'backbone', path: ['trainer', 'model', 'backbone'], type: oneOf(...BACKBONES.map((b) => b.id)) },
  { key: 'size', path: ['trainer', 'model', 'inputSize'], type: int(MIN_INPUT_SIZE, MAX_INPUT_SIZE) },
  { key: 'ch', path: ['trainer', 'model', 'channels'], type: int(1, 3) },
  { key: 'dim', path: ['trainer', 'model', 'embeddingDim'], type: int(1, MAX_EMBEDDING_DIM) },
  { key: 'bn', path: ['trainer', 'model', 'batchNorm'], type: BOOL },
  { key: 'l2', path: ['trainer', 'model', 'normalize'], type: BOOL },
  { key: 'wseed', path: ['trainer', 'model', 'seed'], type: SEED },
  // mnist and stored replace the synthetic settings below (see datasetOf); a stored set is named by `set` / `setname`.
  { key: 'data', path: ['dataset', 'kind'], type: oneOf('synthetic', 'mnist', 'stored') },
  { key: 'dseed', path: ['dataset', 'settings', 'seed'], type: SEED },
  { key: 'ids', path: ['dataset', 'settings', 'identities'], type: int(2, MAX_SYNTHETIC_IDENTITIES) },
  { key: 'ipi', path: ['dataset', 'settings', 'imagesPerIdentity'], type: int(1, 1000) },
  { key: 'fam', path: ['dataset', 'settings', 'familySize'], type: int(1, 100) },
  { key: 'famsim', path: ['dataset', 'settings', 'familySimilarity'], type: num(0, 1) },
  { key: 'res', path: ['dataset', 'settings', 'resolution'], type: int(MIN_RESOLUTION, MAX_RESOLUTION) },
  { key: 'dch', path: ['dataset', 'settings', 'channels'], type: int(1, 3) },
];

export type Tree = Record<string, unknown>;

export function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const part of path) node = (node as Tree)[part];
  return node;
}

export function setPath(root: Tree, path: readonly string[], value: unknown): void {
  let node = root;
  for (const part of path.slice(0, -1)) node = node[part] as Tree;
  node[path[path.length - 1] as string] = value;
}

/** Shortest round-tripping decimal (JavaScript's own Number → string). */
const numberText = (n: number): string => String(n);

function encodeMargin(m: MarginSchedule): string {
  return m.kind === 'constant' ? numberText(m.margin) : [m.kind, m.from, m.to, m.steps].map(String).join(':');
}

const MARGIN_MAX = 10;

function decodeMargin(text: string): MarginSchedule | null {
  const margin = (s: string | undefined): number | null => {
    const v = Number(s);
    return s !== undefined && s.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= MARGIN_MAX ? v : null;
  };
  const parts = text.split(':');
  if (parts.length === 1) {
    const v = margin(parts[0]);
    return v === null ? null : { kind: 'constant', margin: v };
  }
  const [kind, a, b, n] = parts;
  const from = margin(a);
  const to = margin(b);
  const steps = Number(n);
  if ((kind !== 'linear' && kind !== 'step') || parts.length !== 4 || from === null || to === null) return null;
  if (!Number.isInteger(steps) || steps < 1) return null;
  return { kind, from, to, steps };
}

export function encodeValue(type: FieldType, value: unknown): string {
  switch (type.kind) {
    case 'bool':
      return value ? '1' : '0';
    case 'margin':
      return encodeMargin(value as MarginSchedule);
    case 'int':
    case 'number':
      return numberText(value as number);
    case 'enum':
      return String(value);
  }
}

/** The value, or undefined when `text` is not a valid value of `type`. */
export function decodeValue(type: FieldType, text: string): unknown {
  switch (type.kind) {
    case 'bool':
      return text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined;
    case 'margin':
      return decodeMargin(text) ?? undefined;
    case 'enum':
      return type.values.includes(text) ? text : undefined;
    case 'int':
    case 'number': {
      if (text.trim() === '') return undefined;
      const v = Number(text);
      if (!Number.isFinite(v) || v > type.max || v < type.min) return undefined;
      if (type.kind === 'int' && !Number.isInteger(v)) return undefined;
      if (type.kind === 'number' && type.open && v === type.min) return undefined;
      return v;
    }
  }
}

/** Channels are 1 or 3, nothing between. */
export const validChannels = (prop: Prop, v: unknown): boolean =>
  !(prop.key === 'ch' || prop.key === 'dch') || v === 1 || v === 3;

export function optionType(spec: OptionSpec): FieldType {
  switch (spec.type) {
    case 'boolean':
      return BOOL;
    case 'choice':
      return { kind: 'enum', values: spec.choices };
    case 'integer':
      return int(spec.min, spec.max);
    case 'number':
      return num(spec.min, spec.max);
  }
}
