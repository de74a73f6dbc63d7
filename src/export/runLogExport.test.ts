import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG } from '../train/runConfig';
import type { HistoryRow } from '../train/historyRow';
import { RUN_LOG_COLUMNS, runLogCsv, runLogJson } from './runLogExport';

const PYTHON = '/usr/bin/python3';
const HEADER =
  'step,loss,activeFraction,margin,population_easy,population_semiHard,population_hard,population_total,selection_easy,selection_semiHard,selection_hard,selection_total,apMean,anMean,meanNorm,learningRate,msPerStep,marker';

/** The CSV as Python's csv module reads it (an RFC 4180 reader that is not ours): one dict of strings per row. */
function pythonRows(csv: string): Record<string, string>[] {
  const program = 'import csv, io, json, sys\nprint(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))';
  const out = spawnSync(PYTHON, ['-c', program], { input: csv, encoding: 'utf8' });
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as Record<string, string>[];
}

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
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toBe('1,0.5,0.5,0.2,10,3,7,20,0,1,2,3,0.75,1.25,1,0.001,120,m = 0.3');
    expect(lines[2]).toBe('2,NaN,0.5,0.2,10,3,7,20,0,1,2,3,0.75,1.25,1,0.001,120,"loss → batchAll, ""soft""; P = 6"');
    expect(RUN_LOG_COLUMNS).toHaveLength(18);
  });

  it('writes just the header for an empty run', () => {
    expect(runLogCsv([], [])).toBe(`${HEADER}\n`);
  });

  it("reads back field by field in Python's csv module: quoted markers with commas, quotes and line breaks, NaN, ±Infinity", () => {
    const rows = [
      { ...row(0, 0.1 + 0.2), msPerStep: Number.POSITIVE_INFINITY },
      { ...row(1, Number.NaN), apMean: Number.NEGATIVE_INFINITY, learningRate: 1e-7 },
      row(2, 0.25),
    ];
    const markers = [
      { step: 0, label: 'P = 6, K = 4' },
      { step: 1, label: 'say "hard"\nthen stop' },
      { step: 1, label: 'm = 0.3' },
    ];
    const read = pythonRows(runLogCsv(rows, markers));
    expect(read).toHaveLength(3);
    // Each field as written by hand from the rows above.
    const same = { activeFraction: '0.5', margin: '0.2', population_easy: '10', population_semiHard: '3', population_hard: '7' };
    expect(read[0]).toMatchObject({ ...same, step: '0', loss: '0.30000000000000004', msPerStep: 'Infinity', marker: 'P = 6, K = 4' });
    expect(read[1]).toMatchObject({
      ...same,
      step: '1',
      loss: 'NaN',
      apMean: '-Infinity',
      learningRate: '1e-7',
      marker: 'say "hard"\nthen stop; m = 0.3',
    });
    expect(read[2]).toMatchObject({ step: '2', loss: '0.25', selection_total: '3', anMean: '1.25', meanNorm: '1', marker: '' });
    expect(Object.keys(read[2]!).join(',')).toBe(HEADER);
    // What pandas would make of the numbers: Python's float() reads every numeric cell.
    const floats = spawnSync(PYTHON, ['-c', 'import sys; [float(x) for x in sys.argv[1:]]', ...Object.values(read[1]!).slice(0, -1)]);
    expect(floats.status).toBe(0);
  });

  it('writes JSON with config, markers and rows; NaN becomes null', () => {
    const text = runLogJson({
      config: DEFAULT_RUN_CONFIG,
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
    expect(parsed.config).toEqual(DEFAULT_RUN_CONFIG);
    expect(parsed.rows[0]).toMatchObject({ step: 1, loss: null });
    expect(parsed.markers).toEqual([{ step: 1, label: 'a' }]);
    expect(parsed.link).toBe('http://x/#P=6');
  });
});
