import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES, LOSS_IDS } from './catalog';
import { plainCatalog } from './liveCatalog';
import { defineLoss, lossInfoOf } from './lossEntry';
import { BASE_DEFAULTS } from './lossInfo';
import { hardestPerAnchor } from './mining/hardestPerAnchor';
import { avgNonZeroReducer, tripletHinge } from './reducers';
import { getLoss, LOSS_ENTRIES, lossEntry, registerLoss } from './registry';
import { unpackStepStats } from './statsLayout';
import type { BaseLossOptions } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const INPUTS = ['sampledTriplets', 'minedTriplets', 'identityLogits'];
const SELECTIONS = ['all', 'hardestPerAnchor', 'semiHardNegative', 'marginViolating', 'none'];

describe('the loss registry', () => {
  it('lists every variant of metric-learning.md, each declared once with consistent options, inputs and Python', () => {
    expect(LOSS_IDS.slice(0, 12)).toEqual([
      'randomTriplets', 'offlineHard', 'semiHard', 'batchAll', 'batchHard', 'batchHardSoft',
      'batchOhnm', 'lifted', 'quadruplet', 'msml', 'angularTriplet', 'softmaxTriplet',
    ]);
    for (const id of LOSS_IDS) {
      const entry = LOSSES[id];
      expect(entry.id).toBe(id);
      for (const text of [entry.label, entry.description, entry.explanation, entry.formula, entry.source])
        expect(text.length).toBeGreaterThan(3);
      expect(entry.description).not.toContain('\n');
      const defaults = entry.defaults as unknown as Record<string, unknown>;
      for (const option of entry.options) {
        expect(defaults[option.name]).toEqual(option.default);
        if (option.type === 'number' || option.type === 'integer') {
          expect(option.default).toBeGreaterThanOrEqual(option.min);
          expect(option.default).toBeLessThanOrEqual(option.max);
        }
        if (option.type === 'choice') expect(option.choices).toContain(option.default);
      }
      for (const input of entry.inputs) expect(INPUTS).toContain(input);
      expect(SELECTIONS).toContain(entry.inspector);
      // The PyTorch block defines the function the table names, with the signature losses.py calls.
      expect(entry.python.torch).toContain(`def ${entry.python.fn}(dist, labels, margin, options, context):`);
      // Every {{option}} of the PML block is an option the loss declares.
      for (const [, name] of entry.python.pml.matchAll(/\{\{(\w+)\}\}/g)) expect(Object.keys(defaults)).toContain(name);
    }
  });

  it('gives the page the same entries without their bodies, as plain data that survives JSON', () => {
    const plain = plainCatalog();
    expect(Object.keys(plain)).toEqual(LOSS_IDS);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
    for (const id of LOSS_IDS) {
      expect(plain[id]).not.toHaveProperty('body');
      expect(typeof LOSS_ENTRIES[id].body).toBe('function');
      expect(plain[id]).toEqual(lossInfoOf(LOSS_ENTRIES[id] as never));
    }
  });

  it('refuses an unknown id and a second loss under a taken id, naming them', () => {
    expect(() => lossEntry('tripletCenter')).toThrow("Unknown loss 'tripletCenter': the lab has randomTriplets, offlineHard");
    expect(() => registerLoss(LOSS_ENTRIES.batchHard)).toThrow("A loss with the id 'batchHard' is already registered");
  });

  it('lists and runs a variant defined here: one object and one registerLoss line', () => {
    // Batch hard reduced over the active anchors only: the shared miner and reducer, composed.
    const variant = defineLoss<BaseLossOptions>({
      ...lossInfoOf(LOSS_ENTRIES.batchHard),
      id: 'registryTestBatchHardNonZero',
      label: 'Batch hard, mean over active anchors',
      composition: { miner: 'hardest per anchor', reducer: 'mean over the non-zero terms' },
      python: { ...LOSS_ENTRIES.batchHard.python, fn: 'registry_test' },
      defaults: { ...BASE_DEFAULTS },
      body: (batch, _input, options) => {
        const mined = hardestPerAnchor(batch);
        return {
          loss: avgNonZeroReducer(tripletHinge(mined.apDist, mined.anDist, options.margin), mined.valid),
          selection: { kind: 'triplets', ...mined },
        };
      },
    });
    registerLoss(variant);
    expect(LOSS_IDS).toContain('registryTestBatchHardNonZero');
    expect(LOSSES['registryTestBatchHardNonZero' as never]).toBe(variant);
    // Oracle: by hand, in float64. Two identities on a line; anchor 0's hardest positive is 1, hardest negative 2.
    const x = [[0], [0.5], [0.6], [2]];
    const y = [0, 0, 1, 1];
    const margin = 0.05; // anchors 0 and 3 are inactive: mean over the active two (0.9), not all four (0.45)
    const d = (i: number, j: number) => Math.sqrt(((x[i]![0]! - x[j]![0]!) ** 2) + 1e-12);
    const terms = [0, 1, 2, 3].map((a) => {
      const pos = [0, 1, 2, 3].filter((j) => j !== a && y[j] === y[a]);
      const neg = [0, 1, 2, 3].filter((j) => y[j] !== y[a]);
      return Math.max(0, Math.max(...pos.map((p) => d(a, p))) - Math.min(...neg.map((n) => d(a, n))) + margin);
    });
    const active = terms.filter((t) => t > 0);
    expect(active).toHaveLength(2);
    const expected = active.reduce((s, t) => s + t, 0) / active.length;
    const before = tf.memory().numTensors;
    const fn = getLoss('registryTestBatchHardNonZero' as never, { margin, normalize: false } as never);
    const [embeddings, labels] = [tf.tensor2d(x), tf.tensor1d(y, 'int32')];
    const out = fn(embeddings, labels);
    tf.dispose([embeddings, labels]);
    expect(out.loss.dataSync()[0]).toBeCloseTo(expected, 5);
    expect(unpackStepStats(out.stats.dataSync() as Float32Array).selection.total).toBe(4);
    tf.dispose([out.loss, out.stats]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
