import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRng, type Rng } from '../common/rng';
import { LOSSES, LOSS_IDS, type LossId } from '../metric';
import { DEFAULT_CONFIG, type LabConfig } from './config';
import { decodeConfig, encodeConfig, hashFor, hashText, hiddenControls, presentOf } from './urlCodec';
import { PROPS, type FieldType } from './configFields';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

const clone = (c: LabConfig): LabConfig => structuredClone(c);

/** Leaf paths of a plain object tree. */
function leaves(node: unknown, prefix: string[] = []): string[][] {
  if (node === null || typeof node !== 'object') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

function randomValue(rng: Rng, type: FieldType, key: string): unknown {
  switch (type.kind) {
    case 'bool':
      return rng.next() < 0.5;
    case 'enum':
      // Other dataset kinds replace the synthetic settings drawn here: their own test is below.
      if (key === 'data') return 'synthetic';
      return type.values[rng.int(type.values.length)];
    case 'int':
      if (key === 'ch' || key === 'dch') return rng.next() < 0.5 ? 1 : 3;
      return type.min + rng.int(Math.min(type.max - type.min + 1, 1000));
    case 'number': {
      // Awkward decimals on purpose: the text form must round-trip every bit.
      const v = type.min + rng.next() * (type.max - type.min);
      return v === type.min && type.open ? type.max : v;
    }
    case 'margin':
      return rng.next() < 0.5
        ? { kind: 'constant', margin: rng.next() * 2 }
        : {
            kind: rng.next() < 0.5 ? 'linear' : 'step',
            from: rng.next(),
            to: rng.next() * 2,
            steps: 1 + rng.int(5000),
          };
  }
}

function randomConfig(rng: Rng): LabConfig {
  const config = clone(DEFAULT_CONFIG) as unknown as Record<string, Record<string, unknown>>;
  for (const prop of PROPS) {
    if (rng.next() < 0.3) continue; // keep some defaults
    let node = config as Record<string, unknown>;
    for (const part of prop.path.slice(0, -1)) node = node[part] as Record<string, unknown>;
    node[prop.path.at(-1)!] = randomValue(rng, prop.type, prop.key);
  }
  const lab = config as unknown as LabConfig;
  for (const spec of LOSSES[lab.trainer.loss].options) {
    if (rng.next() < 0.3) continue;
    const v =
      spec.type === 'boolean'
        ? rng.next() < 0.5
        : spec.type === 'choice'
          ? spec.choices[rng.int(spec.choices.length)]!
          : spec.type === 'integer'
            ? spec.min + rng.int(Math.min(spec.max - spec.min + 1, 100))
            : spec.min + rng.next() * (spec.max - spec.min);
    // An option left at its default is not written, so the decoded config does not carry it.
    if (v !== spec.default) lab.trainer.lossOptions[spec.name] = v;
  }
  return lab;
}

describe('urlCodec', () => {
  it('covers every leaf of LabConfig (loss options apart) with one row', () => {
    const covered = PROPS.map((p) => p.path.join('.')).sort();
    const all = leaves(DEFAULT_CONFIG)
      .map((p) => p.join('.'))
      .filter((p) => !p.startsWith('trainer.lossOptions') && !p.startsWith('trainer.margin.'));
    expect(covered).toEqual([...all, 'trainer.margin'].sort());
    expect(new Set(PROPS.map((p) => p.key)).size).toBe(PROPS.length);
  });

  it('leaves defaults out: the default config is the empty hash and parses to null', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).toBe('');
    expect(hashFor(DEFAULT_CONFIG)).toBe('');
    expect(decodeConfig('')).toEqual({ config: null, storedSet: null, warnings: [] });
    expect(decodeConfig('#hide=loss')).toEqual({ config: null, storedSet: null, warnings: [] });
  });

  it('writes only the changed fields, in table order (hand-checked)', () => {
    const c = clone(DEFAULT_CONFIG);
    c.trainer.seed = 7;
    c.trainer.loss = 'batchAll';
    c.trainer.lossOptions = { reduction: 'mean' };
    c.trainer.margin = { kind: 'constant', margin: 0.35 };
    c.trainer.P = 6;
    c.trainer.model.batchNorm = false;
    if (c.dataset.kind === 'synthetic') c.dataset.settings.familySimilarity = 0.25;
    expect(encodeConfig(c)).toBe('seed=7&loss=batchAll&margin=0.35&P=6&bn=0&famsim=0.25&lo.reduction=mean');
    c.trainer.margin = { kind: 'linear', from: 0.1, to: 0.4, steps: 500 };
    expect(hashFor(c, ['loss', 'network'])).toBe(
      '#seed=7&loss=batchAll&margin=linear:0.1:0.4:500&P=6&bn=0&famsim=0.25&lo.reduction=mean&hide=loss,network',
    );
  });

  it('reads a hand-written link into the config it names', () => {
    const { config, warnings } = decodeConfig('#loss=batchAll&margin=0.35&P=6&seed=7&margin2=3');
    expect(warnings).toEqual(['Ignored unknown link setting "margin2".']);
    const expected = clone(DEFAULT_CONFIG);
    Object.assign(expected.trainer, { loss: 'batchAll', margin: { kind: 'constant', margin: 0.35 }, P: 6, seed: 7 });
    expect(config).toEqual(expected);
    expect(console.warn).toHaveBeenCalledTimes(1);
  });

  it('reads augmentation, the learning-rate schedule and weight decay from a hand-written link', () => {
    const { config, warnings } = decodeConfig('#acrop=0.7&aflip=1&arot=8&lrs=exponential&lrt0=750&lrt1=1500&warmup=20&wd=0.0005');
    expect(warnings).toEqual([]);
    const expected = clone(DEFAULT_CONFIG);
    expected.trainer.augmentation = { ...expected.trainer.augmentation, cropScale: 0.7, flip: true, rotation: 8 };
    expected.trainer.schedule = { kind: 'exponential', start: 750, end: 1500, warmup: 20 };
    expected.trainer.weightDecay = 0.0005;
    expect(config).toEqual(expected);
    expect(hashFor(expected)).toBe('#lrs=exponential&lrt0=750&lrt1=1500&warmup=20&wd=0.0005&acrop=0.7&aflip=1&arot=8');
  });

  it('round-trips 300 random configurations exactly', () => {
    const rng = createRng(42);
    for (let i = 0; i < 300; i++) {
      const c = randomConfig(rng);
      const hash = hashFor(c);
      const { config, warnings } = decodeConfig(hash);
      expect(warnings).toEqual([]);
      expect(config ?? DEFAULT_CONFIG).toEqual(c);
    }
  });

  it('round-trips every loss with every option set away from its default', () => {
    for (const loss of LOSS_IDS) {
      const c = clone(DEFAULT_CONFIG);
      c.trainer.loss = loss as LossId;
      for (const spec of LOSSES[loss].options) {
        c.trainer.lossOptions[spec.name] =
          spec.type === 'boolean'
            ? !spec.default
            : spec.type === 'choice'
              ? spec.choices.find((x) => x !== spec.default)!
              : spec.max;
      }
      const { config, warnings } = decodeConfig(hashFor(c));
      expect(warnings).toEqual([]);
      // The default loss with no options is the empty hash: null means "keep the defaults".
      expect(config ?? DEFAULT_CONFIG).toEqual(c);
    }
  });

  it('replaces invalid values by defaults and says which', () => {
    const { config, warnings } = decodeConfig(
      'P=1&K=2.5&lr=0&loss=nope&bn=maybe&margin=-1&ch=2&dim=&famsim=NaN&seed=3',
    );
    expect(config).toEqual({ ...DEFAULT_CONFIG, trainer: { ...DEFAULT_CONFIG.trainer, seed: 3 } });
    expect(warnings).toHaveLength(9);
    expect(warnings[0]).toBe('Link setting P="1" is not valid; using the default 8.');
    for (const bad of [
      'margin=linear:0.1:0.2',
      'margin=cubic:0:1:5',
      'margin=step:0:1:0',
      'margin=linear:0:1:2.5',
      'margin=99',
    ]) {
      const out = decodeConfig(bad);
      expect(out.config?.trainer.margin).toEqual(DEFAULT_CONFIG.trainer.margin);
      expect(out.warnings).toHaveLength(1);
    }
  });

  it('checks loss options against the loss of the link', () => {
    const { config, warnings } = decodeConfig(
      'loss=semiHard&lo.fallback=farthestNegative&lo.reduction=mean&lo.upperBound=2',
    );
    expect(config?.trainer.lossOptions).toEqual({ fallback: 'farthestNegative' });
    expect(warnings).toEqual([
      'Ignored loss option "reduction": Semi-hard has no such option.',
      'Loss option upperBound="2" is not valid; using the default false.',
    ]);
  });

  it('reads the hidden control groups of a classroom link, dropping unknown ones', () => {
    expect([...hiddenControls('#loss=batchAll&hide=loss,network,bogus')]).toEqual(['loss', 'network']);
    expect(hiddenControls('#P=6').size).toBe(0);
  });

  it('keeps presentation mode apart from the configuration: #present names no setting and warns of none', () => {
    expect(decodeConfig('#present')).toEqual({ config: null, storedSet: null, warnings: [] });
    expect(decodeConfig('#view=data&present')).toEqual({ config: null, storedSet: null, warnings: [] });
    const withP = decodeConfig('#P=6&present&hide=loss');
    expect(withP.warnings).toEqual([]);
    expect(withP.config?.trainer.P).toBe(6);
    // The same settings with and without the flag: the page's hashchange handler sees nothing to restart.
    expect(encodeConfig(withP.config!)).toBe(encodeConfig(decodeConfig('#P=6').config!));
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('writes and reads the presentation flag bare, after the configuration, the hidden groups and the workspace', () => {
    const c = clone(DEFAULT_CONFIG);
    c.trainer.P = 6;
    expect(hashFor(c, ['loss'], 'data', true)).toBe('#P=6&hide=loss&view=data&present');
    expect(hashFor(DEFAULT_CONFIG, [], null, true)).toBe('#present');
    expect([presentOf('#present'), presentOf('#P=6&present='), presentOf('#present=1&P=6')]).toEqual([true, true, true]);
    expect([presentOf(''), presentOf('#P=6'), presentOf('#present=0'), presentOf('#presentation')]).toEqual([false, false, false, false]);
    // URLSearchParams writes the flag as "present=": the lab writes it bare, and only that key.
    expect(hashText(new URLSearchParams('P=6&present&margin=linear:0.1:0.4:5&hide=loss,data'))).toBe(
      'P=6&present&margin=linear:0.1:0.4:5&hide=loss,data',
    );
    expect(hashText(new URLSearchParams('present&lo.x='))).toBe('present&lo.x=');
  });

  it('carries MNIST and names an imported set (id and name), with the training settings', () => {
    const mnist = clone(DEFAULT_CONFIG);
    mnist.dataset = { kind: 'mnist', resolution: 32, channels: 1 };
    mnist.trainer.P = 10;
    expect(encodeConfig(mnist)).toBe('P=10&data=mnist');
    expect(decodeConfig('#P=10&data=mnist')).toEqual({ config: mnist, storedSet: null, warnings: [] });

    const stored = clone(DEFAULT_CONFIG);
    stored.dataset = { kind: 'stored', id: 'ds-7f3a', name: 'AT&T faces', resolution: 64, channels: 1 };
    const hash = encodeConfig(stored);
    expect(hash).toBe('data=stored&set=ds-7f3a&setname=AT%26T+faces');
    // Decoded with the synthetic default until linkDataset.ts finds the set in this browser.
    expect(decodeConfig(hash)).toEqual({ config: DEFAULT_CONFIG, storedSet: { id: 'ds-7f3a', name: 'AT&T faces' }, warnings: [] });
    const unnamed = decodeConfig('#data=stored&P=6');
    expect(unnamed.storedSet).toBeNull();
    expect(unnamed.config?.dataset).toEqual(DEFAULT_CONFIG.dataset);
    expect(unnamed.warnings).toEqual([expect.stringMatching(/names an imported set but not which one/)]);
  });
});
