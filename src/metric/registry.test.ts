import { expect, it } from 'vitest';
import { LOSSES, LOSS_IDS } from './catalog';
import { LOSS_ENTRIES } from './registry';

it('lists every variant of metric-learning.md with its metadata and consistent option defaults', () => {
  expect(LOSS_IDS).toEqual([
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
  }
});

it('runs each catalog line with a body, under the same description', () => {
  for (const id of LOSS_IDS) {
    const { body, ...info } = LOSS_ENTRIES[id];
    expect(typeof body).toBe('function');
    expect(info).toEqual(LOSSES[id]);
  }
});
