import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS } from '../data/synthetic/syntheticFaces';
import { openDataset } from './datasetSource';
import { LOSS_IDS, LOSSES } from '../metric';
import { oracleDistance } from '../metric/testing/oracle';
import { registerConvGradientKernels } from './convGradientKernels';
import { Trainer } from './trainer';
import { DEFAULT_TRAINER_SETTINGS, type TrainerSettings } from './settings';
import { embeddingRows } from './stepReport';
import type { StepReport } from './trainer';

const BASE: TrainerSettings = {
  ...DEFAULT_TRAINER_SETTINGS,
  seed: 2,
  model: { ...DEFAULT_TRAINER_SETTINGS.model, embeddingDim: 8, seed: 2 },
  margin: { kind: 'constant', margin: 0.3 },
  P: 4,
  K: 3,
};
/** The offline miner (a loss on mined triplets) re-mines every 2 steps over 48 images. */
const MINED = { refreshEvery: 2, subsetSize: 48 };

/**
 * The census of a step recomputed outside the lab: a float64 triple loop (metric/testing/oracle's distances) over the
 * embeddings and labels the step reports, with the distance the loss measures with and the step's margin. A triplet
 * within `tolerance` of a class boundary may fall either way in float32, so it is counted as ambiguous.
 */
function censusOf(report: StepReport, settings: TrainerSettings, tolerance = 1e-5) {
  const distance = LOSSES[settings.loss].fixedDistance ?? settings.distance;
  const d = oracleDistance(embeddingRows(report), distance, settings.model.normalize);
  const labels = Array.from(report.labels);
  const margin = report.stats.margin;
  const census = { easy: 0, semiHard: 0, hard: 0, total: 0 };
  let ambiguous = 0;
  labels.forEach((ya, a) =>
    labels.forEach((yp, p) => {
      if (p === a || yp !== ya) return;
      labels.forEach((yn, n) => {
        if (yn === ya) return;
        const ap = d[a]![p]!;
        const an = d[a]![n]!;
        census.total++;
        if (Math.abs(an - ap) < tolerance || Math.abs(an - ap - margin) < tolerance) ambiguous++;
        if (an < ap) census.hard++;
        else if (an < ap + margin) census.semiHard++;
        else census.easy++;
      });
    }),
  );
  return { census, ambiguous };
}

describe('every loss of the registry trains through the trainer (wasm, tiny model)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerConvGradientKernels('wasm');
  });

  it.each(LOSS_IDS)('%s: finite losses, the census of its batch, weights move, no tensor leaks', async (loss) => {
    const data = await openDataset({ kind: 'synthetic', settings: { ...SYNTHETIC_DEFAULTS, identities: 24, imagesPerIdentity: 4, resolution: 32, seed: 4 } }, 1);
    const mined = LOSSES[loss].inputs.includes('minedTriplets');
    const settings: TrainerSettings = { ...BASE, loss, lossOptions: mined ? MINED : {} };
    const trainer = new Trainer(settings, data.source, { train: data.train });
    const before = await trainer.snapshot();
    await trainer.trainStep();
    const tensors = tf.memory().numTensors;
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push(await trainer.trainStep());
    expect(tf.memory().numTensors).toBe(tensors);
    for (const r of reports) {
      expect(Number.isFinite(r.stats.loss)).toBe(true);
      // The census the step reports is the one of the batch it trained on: Σ n·(n−1)·(B−n) triplets over its
      // identities of n images each (P·K·(K−1)·(P−1)·K for a P×K batch), classed as a float64 loop classes them.
      const { census, ambiguous } = censusOf(r, settings);
      const perIdentity = new Map<number, number>();
      for (const y of r.labels) perIdentity.set(y, (perIdentity.get(y) ?? 0) + 1);
      const B = r.labels.length;
      expect(census.total).toBe([...perIdentity.values()].reduce((t, n) => t + n * (n - 1) * (B - n), 0));
      expect(r.stats.population.total).toBe(census.total);
      expect(ambiguous, 'triplets on a class boundary').toBeLessThanOrEqual(census.total / 50);
      for (const key of ['easy', 'semiHard', 'hard'] as const) {
        expect(Math.abs(r.stats.population[key] - census[key]), key).toBeLessThanOrEqual(ambiguous);
      }
    }
    // Mined triplets are re-mined every 2 steps: at steps 0, 2, 4 (these reports are steps 1–3).
    if (mined) expect(reports.map((r) => r.refreshed)).toEqual([false, true, false]);
    const after = await trainer.snapshot();
    const moved = after.values.some((v, i) => v.some((x, j) => x !== before.values[i]![j]));
    expect(moved).toBe(true);
    trainer.dispose();
  }, 60_000);
});
