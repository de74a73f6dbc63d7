import { describe, expect, it } from 'vitest';
import { createHistory } from './history';
import type { StepReport } from '../train/stepReport';

const report = (step: number) =>
  ({
    step,
    epoch: 0,
    stats: {
      loss: 1,
      activeFraction: 1,
      margin: 0.2,
      population: { easy: 0, semiHard: 0, hard: 0, total: 0 },
      selection: { easy: 0, semiHard: 0, hard: 0, total: 0 },
      apMean: 0,
      anMean: 0,
      meanEmbeddingNorm: 1,
    },
    learningRate: 1e-3,
    msPerStep: 1,
  }) as unknown as StepReport;

describe('history markers', () => {
  it('one marker per step; a setting changed again replaces its value, other settings join the label', () => {
    const h = createHistory();
    h.push(report(1));
    for (const m of [0.21, 0.22, 0.25, 0.3]) h.mark(`m = ${m}`);
    h.mark('loss → batchAll');
    h.mark('m = 0.35');
    expect(h.markers).toEqual([{ step: 1, label: 'loss → batchAll; m = 0.35' }]);
    h.push(report(2));
    h.mark('P = 12');
    expect(h.markers).toEqual([
      { step: 1, label: 'loss → batchAll; m = 0.35' },
      { step: 2, label: 'P = 12' },
    ]);
  });
});
