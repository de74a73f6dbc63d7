import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../train/historyRow';
import { runLogCsv } from './runLogExport';
import { parseRunLogCsv } from './runLogImport';

const ROW: HistoryRow = {
  step: 3,
  loss: 0.25,
  activeFraction: 0.5,
  margin: 0.2,
  population: { easy: 10, semiHard: 4, hard: 6, total: 20 },
  selection: { easy: 1, semiHard: 2, hard: 3, total: 6 },
  apMean: 0.4,
  anMean: 1.1,
  meanNorm: 1,
  learningRate: 0.001,
  msPerStep: 12.5,
};

describe('parseRunLogCsv', () => {
  it("reads the lab's own run log back, markers with commas included", () => {
    const text = runLogCsv([ROW, { ...ROW, step: 4, loss: Number.NaN }], [{ step: 3, label: 'reset, then "go"' }]);
    const rows = parseRunLogCsv(text);
    expect(rows[0]).toEqual(ROW);
    expect(rows[1]?.step).toBe(4);
    expect(rows[1]?.loss).toBeNaN();
  });

  it("reads train.py's log: empty selection cells are NaN, the ranks' columns after the lab's are ignored", () => {
    const text =
      'step,loss,activeFraction,margin,population_easy,population_semiHard,population_hard,population_total,' +
      'selection_easy,selection_semiHard,selection_hard,selection_total,apMean,anMean,meanNorm,learningRate,msPerStep,marker,' +
      'rank0_easy,rank0_semiHard,rank0_hard,rank0_total,weightSpread\n' +
      '1,0.2,0.75,0.2,54,100,62,216,,,,,0.5,0.9,1.3,0.01,41.2,,27,50,31,108,0\n';
    const [row] = parseRunLogCsv(text);
    expect(row).toMatchObject({ step: 1, loss: 0.2, population: { easy: 54, semiHard: 100, hard: 62, total: 216 }, msPerStep: 41.2 });
    expect(row?.selection.hard).toBeNaN();
  });

  it('names the columns a CSV lacks, and a line without a step', () => {
    expect(() => parseRunLogCsv('step,loss\n1,0.5\n')).toThrow(/not a run log: it lacks the column\(s\) activeFraction, margin, population_easy/);
    const text = runLogCsv([ROW], []).replace('\n3,', '\nx,');
    expect(() => parseRunLogCsv(text)).toThrow('Line 2 of the run log has no step number.');
  });
});
