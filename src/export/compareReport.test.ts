import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINER_SETTINGS } from '../train/settings';
import { summarise } from '../evaluation/comparisonSummary';
import type { SeedResult } from '../evaluation/compareMetrics';
import { compareCsv, compareMarkdown, decodeCompareLink, encodeCompareLink, type CompareRecord } from './compareReport';

const seedResult = (seed: number, recall: number, loss: number): SeedResult => ({
  seed,
  metrics: { recallAt1: recall, mapAtR: recall - 0.2, auc: 0.9, tarAtFar: 0.5, finalLoss: loss },
  steps: 100,
  images: 3200,
  msPerStep: 40 + seed,
});

function record(): CompareRecord {
  const entries = [
    { label: 'batch hard', settings: { ...DEFAULT_TRAINER_SETTINGS, loss: 'batchHard' as const } },
    { label: 'random triplets, "plain"', settings: { ...DEFAULT_TRAINER_SETTINGS, loss: 'randomTriplets' as const } },
  ];
  const summary = summarise(
    entries.map((e) => e.label),
    [
      [seedResult(0, 0.84, 0.2), seedResult(1, 0.81, 0.21), seedResult(2, 0.86, 0.19)],
      [seedResult(0, 0.74, 0.3), seedResult(1, 0.73, 0.31), seedResult(2, 0.77, 0.29)],
    ],
  );
  const payload = { entries, seeds: 3, budget: { kind: 'steps' as const, value: 100 }, evalEvery: 20 };
  return { ...payload, summary, link: `http://localhost/#view=compare&${encodeCompareLink(payload)}`, date: new Date('2026-12-01T10:00:00Z') };
}

describe('compare report', () => {
  it('Markdown: the budget, a mean ± interval table, the verdicts and every seed', () => {
    const r = record();
    const md = compareMarkdown(r);
    expect(md).toContain('2 configurations × 3 seeds (of 3 asked), equal steps: 100 steps per configuration and seed.');
    // mean 0.8367, half-width t(0.975, 2) · sd / √3 with sd = 0.02517: 0.0625
    expect(md).toMatch(/\| batch hard \| 0\.8367 ± 0\.0625 \|/);
    expect(md).toContain('- batch hard beats random triplets, "plain" on Recall@1 by 0.090');
    expect(md).toContain('no difference shown (+0.000 ± 0.000 over 3 seeds)'); // AUC is 0.9 for all
    expect(md.match(/^\| batch hard \| \d \|/gm)).toHaveLength(3);
    expect(md).toContain(`Re-run it: ${r.link}`);
    expect(md).toContain('- **batch hard**: loss batchHard; m = 0.2; euclidean distance; sampler pk, P × K = 8 × 4; adam, lr 0.001;');
  });

  it('CSV: every per-seed value, the means with intervals and the verdicts, quoted where needed', () => {
    const r = record();
    const lines = compareCsv(r).trim().split('\n');
    expect(lines[0]).toBe('kind,configuration,other,seed,metric,value,low,high,budget,seeds,text');
    const rows = lines.slice(1);
    expect(rows.filter((l) => l.startsWith('seed,'))).toHaveLength(2 * 3 * 5);
    expect(rows.filter((l) => l.startsWith('mean,'))).toHaveLength(2 * 6);
    expect(rows.filter((l) => l.startsWith('verdict,'))).toHaveLength(5);
    expect(rows).toContain('seed,"random triplets, ""plain""",,1,recallAt1,0.73,,,steps:100,3,');
    const recallMean = rows.find((l) => l.startsWith('mean,batch hard,,,recallAt1,'))!.split(',');
    expect(Number(recallMean[5])).toBeCloseTo(0.836667, 6);
    expect(Number(recallMean[6])).toBeCloseTo(0.836667 - 0.062517, 5);
  });

  it('the link round-trips the set-up; a damaged one says so', () => {
    const r = record();
    const hash = new URL(r.link).hash;
    const { payload, error } = decodeCompareLink(hash);
    expect(error).toBeNull();
    expect(payload).toEqual({ entries: r.entries, seeds: 3, budget: { kind: 'steps', value: 100 }, evalEvery: 20 });
    expect(decodeCompareLink('#view=compare&cmp=eJwr').error).toMatch(/could not be read/);
    expect(decodeCompareLink('#P=6')).toEqual({ payload: null, error: null });
  });
});
