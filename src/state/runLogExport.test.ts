import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import type { HistoryRow } from './history';
import { RUN_LOG_COLUMNS, runLogCsv, runLogJson } from './runLogExport';

const row = (step: number, loss: number): HistoryRow => ({
  step,
  loss,
  activeFraction: 0.5,
  margin: 0.2,
  population: { easy: 10, semiHard: 3, hard: 7, total: 20 },
  selection: { easy: 0, semiHard: 1, hard: 2, total: 3 },
  apMean: 0.75,
  anMean: 1.25,
  meanNorm: 1,
  learningRate: 0.001,
  msPerStep: 120,
});

describe('runLogExport', () => {
  it('writes one CSV line per step with the census flattened (hand-checked)', () => {
    const csv = runLogCsv(
      [row(1, 0.5), row(2, Number.NaN)],
      [
        { step: 0, label: 'm = 0.3' },
        { step: 2, label: 'loss → batchAll, "soft"' },
        { step: 2, label: 'P = 6' },
      ],
    );
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'step,loss,activeFraction,margin,population_easy,population_semiHard,population_hard,population_total,selection_easy,selection_semiHard,selection_hard,selection_total,apMean,anMean,meanNorm,learningRate,msPerStep,marker',
    );
    expect(lines[1]).toBe('1,0.5,0.5,0.2,10,3,7,20,0,1,2,3,0.75,1.25,1,0.001,120,m = 0.3');
    expect(lines[2]).toBe('2,NaN,0.5,0.2,10,3,7,20,0,1,2,3,0.75,1.25,1,0.001,120,"loss → batchAll, ""soft""; P = 6"');
    expect(RUN_LOG_COLUMNS).toHaveLength(18);
  });

  it('writes just the header for an empty run', () => {
    expect(runLogCsv([], [])).toBe(`${RUN_LOG_COLUMNS.join(',')}\n`);
  });

  it('writes JSON with config, markers and rows; NaN becomes null', () => {
    const text = runLogJson({
      config: DEFAULT_CONFIG,
      run: null,
      link: 'http://x/#P=6',
      markers: [{ step: 1, label: 'a' }],
      rows: [row(1, Number.NaN)],
    });
    const parsed = JSON.parse(text) as {
      format: string;
      config: unknown;
      rows: { loss: unknown; step: number }[];
      markers: unknown[];
      link: string;
    };
    expect(parsed.format).toBe('triplet-lab-run-log');
    expect(parsed.config).toEqual(DEFAULT_CONFIG);
    expect(parsed.rows[0]).toMatchObject({ step: 1, loss: null });
    expect(parsed.markers).toEqual([{ step: 1, label: 'a' }]);
    expect(parsed.link).toBe('http://x/#P=6');
  });
});
