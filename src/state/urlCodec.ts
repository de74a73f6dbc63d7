/**
 * The whole LabConfig in the URL hash, so a link reproduces a run (seed included). A declarative table in the
 * manner of tensorflow/playground's state.ts PROPS: each row names a hash key, a path into LabConfig and a type
 * with its bounds. Values equal to DEFAULT_CONFIG are left out, so links stay short. Parsing never throws: an
 * unknown key is ignored and a bad value falls back to its default, each with a warning for the user.
 *
 * Example: `#loss=batchAll&margin=0.35&P=6&seed=7`, or with a schedule `#margin=linear:0.1:0.4:500`.
 */
import { MAX_SYNTHETIC_IDENTITIES } from '../data/synthetic/syntheticFaces';
import { MAX_RESOLUTION, MIN_RESOLUTION } from '../data/imageSpec';
import { LOSSES, LOSS_IDS, type LossId, type OptionSpec } from '../metric/catalog';
import { BACKBONES, MAX_EMBEDDING_DIM, MAX_INPUT_SIZE, MIN_INPUT_SIZE } from '../model/config';
import type { MarginSchedule } from '../train/settings';
import { MNIST_CHOICE } from '../train/datasetSource';
import { COMPARE_KEY } from '../export/compareReport';
import { DEFAULT_CONFIG, type LabConfig } from './config';

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
  { key: 'refresh', path: ['trainer', 'offlineRefresh'], type: int(1, 100_000) },
  { key: 'subset', path: ['trainer', 'offlineSubset'], type: int(16, 100_000) },
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

/** Hash keys that are not part of the configuration. */
export const HIDE_KEY = 'hide';
/** The workspace shown (state/workspace.ts); not part of the configuration. */
export const VIEW_KEY = 'view';
/** Presentation mode (`#present`, a flag with no value): large type and high contrast; not part of the configuration. */
export const PRESENT_KEY = 'present';
const LOSS_OPTION_PREFIX = 'lo.';
/** An imported set in a link: its id in the IndexedDB of the browser that made the link, and its name. */
const SET_KEY = 'set';
const SET_NAME_KEY = 'setname';

/** Control groups a classroom link can hide (`#hide=loss,network`). */
export const HIDE_GROUPS = [
  { id: 'data', label: 'Data (dataset choice and import)' },
  { id: 'loss', label: 'Loss, margin and distance' },
  { id: 'sampler', label: 'Batches (sampler, P, K)' },
  { id: 'optimizer', label: 'Optimizer and learning rate' },
  { id: 'augmentation', label: 'Augmentation panel' },
  { id: 'network', label: 'Network (backbone, preset, D, batch norm)' },
  { id: 'export', label: 'Export panel' },
] as const;
export type HideGroup = (typeof HIDE_GROUPS)[number]['id'];

type Tree = Record<string, unknown>;

function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const part of path) node = (node as Tree)[part];
  return node;
}

function setPath(root: Tree, path: readonly string[], value: unknown): void {
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

function encodeValue(type: FieldType, value: unknown): string {
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
function decodeValue(type: FieldType, text: string): unknown {
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
const validChannels = (prop: Prop, v: unknown): boolean =>
  !(prop.key === 'ch' || prop.key === 'dch') || v === 1 || v === 3;

function optionType(spec: OptionSpec): FieldType {
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

/** The hash (without '#') for `config`: only the values that differ from the defaults, in table order. */
export function encodeConfig(config: LabConfig): string {
  const { dataset } = config;
  // MNIST and imported sets have no synthetic settings: the table writes the defaults' (left out), then `data`.
  if (dataset.kind !== 'synthetic') config = { ...config, dataset: DEFAULT_CONFIG.dataset };
  const params = new URLSearchParams();
  for (const prop of PROPS) {
    const fallback = getPath(DEFAULT_CONFIG, prop.path);
    // Optional fields (the backbone of configs saved before it existed) take their defaults.
    const value = getPath(config, prop.path) ?? fallback;
    const text = encodeValue(prop.type, value);
    if (text !== encodeValue(prop.type, fallback)) params.set(prop.key, text);
  }
  for (const spec of LOSSES[config.trainer.loss].options) {
    const value = config.trainer.lossOptions[spec.name];
    if (value !== undefined && value !== spec.default)
      params.set(LOSS_OPTION_PREFIX + spec.name, encodeValue(optionType(spec), value));
  }
  if (dataset.kind !== 'synthetic') params.set('data', dataset.kind);
  if (dataset.kind === 'stored') {
    // An imported set lives in one browser's IndexedDB: the link names it, and whoever opens it needs the same set.
    params.set(SET_KEY, dataset.id);
    params.set(SET_NAME_KEY, dataset.name);
  }
  // URLSearchParams writes ':' as %3A and ',' as %2C; both are legal in a fragment and easier to read bare.
  return params.toString().replace(/%3A/g, ':').replace(/%2C/g, ',');
}

export interface DecodedConfig {
  /**
   * null when the hash holds no configuration key (then the caller keeps its own). A link to an imported set
   * decodes with the default synthetic dataset and the set in `storedSet` (linkDataset.ts looks it up).
   */
  config: LabConfig | null;
  /** The imported set the link names, to be found in this browser's IndexedDB. */
  storedSet: { id: string; name: string } | null;
  /** One line per ignored key or rejected value, worded for the user. */
  warnings: string[];
}

/** Parses a hash (with or without '#'). Missing keys take DEFAULT_CONFIG's values. Never throws. */
export function decodeConfig(hash: string): DecodedConfig {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const warnings: string[] = [];
  const config = structuredClone(DEFAULT_CONFIG) as LabConfig;
  const byKey = new Map(PROPS.map((p) => [p.key, p]));
  let found = false;
  const optionTexts: [string, string][] = [];
  for (const [key, text] of params) {
    if (key === HIDE_KEY || key === VIEW_KEY || key === PRESENT_KEY || key === SET_KEY || key === SET_NAME_KEY || key === COMPARE_KEY) continue;
    if (key.startsWith(LOSS_OPTION_PREFIX)) {
      found = true;
      optionTexts.push([key.slice(LOSS_OPTION_PREFIX.length), text]);
      continue;
    }
    const prop = byKey.get(key);
    if (!prop) {
      warnings.push(`Ignored unknown link setting "${key}".`);
      continue;
    }
    found = true;
    const value = decodeValue(prop.type, text);
    if (value === undefined || !validChannels(prop, value)) {
      warnings.push(
        `Link setting ${key}="${text}" is not valid; using the default ${encodeValue(prop.type, getPath(DEFAULT_CONFIG, prop.path))}.`,
      );
      continue;
    }
    setPath(config as unknown as Tree, prop.path, value);
  }
  // Loss options are typed by the loss, so they are read once the loss is known.
  const loss: LossId = config.trainer.loss;
  const specs = new Map(LOSSES[loss].options.map((s) => [s.name, s]));
  const lossOptions: Record<string, number | string | boolean> = {};
  for (const [name, text] of optionTexts) {
    const spec = specs.get(name);
    if (!spec) {
      warnings.push(`Ignored loss option "${name}": ${LOSSES[loss].label} has no such option.`);
      continue;
    }
    const value = decodeValue(optionType(spec), text);
    if (value === undefined) {
      warnings.push(`Loss option ${name}="${text}" is not valid; using the default ${String(spec.default)}.`);
      continue;
    }
    lossOptions[name] = value as number | string | boolean;
  }
  config.trainer.lossOptions = lossOptions;
  let storedSet: DecodedConfig['storedSet'] = null;
  const kind: string = config.dataset.kind;
  if (kind === 'mnist') config.dataset = { ...MNIST_CHOICE };
  else if (kind === 'stored') {
    config.dataset = structuredClone(DEFAULT_CONFIG.dataset);
    const id = params.get(SET_KEY);
    if (id) storedSet = { id, name: params.get(SET_NAME_KEY) || id };
    else warnings.push('The link names an imported set but not which one (no "set="); using the built-in synthetic faces.');
  }
  for (const w of warnings) console.warn(`[triplet-lab link] ${w}`);
  return { config: found ? config : null, storedSet, warnings };
}

/** For lab.start(): the configuration of a shared link (URL wins over localStorage), or null. */
export function configFromLocation(hash: string = location.hash): DecodedConfig {
  return decodeConfig(hash);
}

/** The control groups a classroom link hides (`#hide=loss,network`); unknown names are dropped. */
export function hiddenControls(hash: string = location.hash): Set<HideGroup> {
  const text = new URLSearchParams(hash.replace(/^#/, '')).get(HIDE_KEY) ?? '';
  const known = new Set<string>(HIDE_GROUPS.map((g) => g.id));
  return new Set(text.split(',').filter((g): g is HideGroup => known.has(g)));
}

/**
 * The hash for `config` plus hidden groups, the workspace and presentation mode, with the leading '#' (empty string
 * when all default).
 */
export function hashFor(config: LabConfig, hide: Iterable<string> = [], view: string | null = null, present = false): string {
  const groups = [...hide];
  const parts = [
    encodeConfig(config),
    groups.length > 0 ? `${HIDE_KEY}=${groups.join(',')}` : '',
    view ? `${VIEW_KEY}=${view}` : '',
    present ? PRESENT_KEY : '',
  ].filter(Boolean);
  return parts.length > 0 ? `#${parts.join('&')}` : '';
}

/** The `view=` of a hash, or null. */
export function viewOf(hash: string = location.hash): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(VIEW_KEY);
}

/** Whether a hash asks for presentation mode (`#present`; `present=0` does not). */
export function presentOf(hash: string = location.hash): boolean {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(PRESENT_KEY);
  return value !== null && value !== '0';
}

/**
 * The hash text of `params` as the lab writes it: ':' and ',' bare (URLSearchParams writes %3A and %2C; both are
 * legal in a fragment and easier to read), and the presentation flag without '='.
 */
export function hashText(params: URLSearchParams): string {
  return params
    .toString()
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(new RegExp(`(^|&)${PRESENT_KEY}=(?=&|$)`), `$1${PRESENT_KEY}`);
}

/** A shareable link for `config` on this page. */
export function linkFor(config: LabConfig, hide: Iterable<string> = []): string {
  return `${location.origin}${location.pathname}${location.search}${hashFor(config, hide)}`;
}

/**
 * Mirrors `config` into the address bar without reloading or adding a history entry; keeps the page's `hide=`
 * groups (a classroom link stays a classroom link), its workspace and presentation mode.
 */
export function writeConfigToHash(config: LabConfig): void {
  const hash = hashFor(config, hiddenControls(location.hash), viewOf(location.hash), presentOf(location.hash));
  if (hash === location.hash || (hash === '' && location.hash === '')) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}
