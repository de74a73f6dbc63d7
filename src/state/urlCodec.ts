/**
 * The whole LabConfig in the URL hash, so a link reproduces a run (seed included), and the page's own flags beside
 * it (hidden groups, workspace, presentation mode). The fields and their text form are the table of
 * configFields.ts. Values equal to DEFAULT_CONFIG are left out, so links stay short. Parsing never throws: an
 * unknown key is ignored and a bad value falls back to its default, each with a warning for the user.
 *
 * Example: `#loss=batchAll&margin=0.35&P=6&seed=7`, or with a schedule `#margin=linear:0.1:0.4:500`.
 */
import { LOSSES, type LossId } from '../metric/catalog';
import { MNIST_CHOICE } from '../train/datasetSource';
import { COMPARE_KEY } from '../export/compareReport';
import { DEFAULT_CONFIG, type LabConfig } from './config';
import { decodeValue, encodeValue, getPath, optionType, PROPS, setPath, validChannels, type Tree } from './configFields';

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
