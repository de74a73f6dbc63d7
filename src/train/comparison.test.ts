import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { LOSSES } from '../metric/catalog';
import { oracleCensus, oracleDistance } from '../metric/testing/oracle';
import { Comparison } from './comparison';
import { registerConvGradientKernels } from './convGradientKernels';
import { openDataset } from './datasetSource';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';
import { embeddingRows, type StepReport } from './stepReport';

const SETTINGS: TrainerSettings = { ...DEFAULT_TRAINER_SETTINGS, seed: 4, model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 8, seed: 4 }, P: 3, K: 3 };

describe('a comparison over seeds', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it('every compared run, under every seed, reports the census a float64 triple loop finds in its batch', async () => {
    const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 20, imagesPerIdentity: 4, resolution: 32, seed: 2 } }, 1);
    const entries = (['batchHard', 'batchAll', 'semiHard'] as const).map((loss) => ({ label: loss, settings: { ...SETTINGS, loss } }));
    let checked = 0;
    for (const seed of [4, 5, 6]) {
      const comparison = new Comparison(entries, data, undefined, seed);
      await comparison.init();
      const reports: { run: number; report: StepReport }[] = [];
      for (let round = 0; round < 2; round++) await comparison.round(undefined, seed - 4, (run, report) => reports.push({ run, report }));
      for (const { run, report } of reports) {
        const settings = entries[run]!.settings;
        const distance = LOSSES[settings.loss].fixedDistance ?? settings.distance;
        const want = oracleCensus(oracleDistance(embeddingRows(report), distance, true), Array.from(report.labels), report.stats.margin);
        const got = report.stats.population;
        expect(got.total).toBe(want.total);
        // float32 against float64: a triplet on a class boundary may fall either way
        for (const k of ['hard', 'semiHard', 'easy'] as const) expect(Math.abs(got[k] - want[k])).toBeLessThanOrEqual(Math.ceil(0.01 * want.total));
        checked++;
      }
      comparison.dispose();
    }
    expect(checked).toBe(3 * 3 * 2);
  }, 120_000);
});
