import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { getLoss } from './registry';
import { HISTOGRAM_BINS, STEP_STATS_LENGTH, unpackStepStats } from './statsLayout';
import { oracleCensus } from './testing/oracle';
import type { Mat } from './testing/oracle';
import { pairwiseDistance } from './distance';
import { randomBatch } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('packs loss, both censuses, moments, histograms and norms into one float32 tensor', async () => {
  const { x, labels } = randomBatch(4, 4, 6, 21, 2);
  const e = tf.tensor2d(x);
  const y = tf.tensor1d(labels, 'int32');
  const out = getLoss('batchHard', { margin: 0.3 })(e, y);
  expect(out.stats.shape).toEqual([STEP_STATS_LENGTH]);
  expect(out.stats.dtype).toBe('float32');
  const s = unpackStepStats((await out.stats.data()) as Float32Array);
  const dist = pairwiseDistance(e, 'euclidean', true);
  const d = (await dist.array()) as Mat;
  tf.dispose([out.loss, out.stats, dist, e, y]);

  expect(s.population).toEqual(oracleCensus(d, labels, 0.3));
  expect(s.activeFraction).toBeCloseTo((s.population.hard + s.population.semiHard) / s.population.total, 12);
  expect(s.noPositives).toBe(false);
  expect(s.margin).toBeCloseTo(0.3, 6);
  expect(s.histogramMax).toBe(2);

  const ap: number[] = [];
  const an: number[] = [];
  labels.forEach((ya, a) =>
    labels.forEach((yb, b) => {
      if (a === b) return;
      (ya === yb ? ap : an).push((d[a] as number[])[b] as number);
    }),
  );
  const mean = (v: number[]) => v.reduce((t, z) => t + z, 0) / v.length;
  const std = (v: number[]) => Math.sqrt(mean(v.map((z) => z * z)) - mean(v) ** 2);
  expect(s.apMean).toBeCloseTo(mean(ap), 5);
  expect(s.anMean).toBeCloseTo(mean(an), 5);
  expect(s.apStd).toBeCloseTo(std(ap), 4);
  expect(s.anStd).toBeCloseTo(std(an), 4);
  const hist = (v: number[]) => {
    const h = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const z of v) h[Math.min(HISTOGRAM_BINS - 1, Math.floor((z / 2) * HISTOGRAM_BINS))]! += 1;
    return h;
  };
  expect(s.apHistogram).toEqual(hist(ap));
  expect(s.anHistogram).toEqual(hist(an));
  const norms = x.map((r) => Math.hypot(...r));
  expect(s.meanEmbeddingNorm).toBeCloseTo(mean(norms), 5);
});

it('rejects a buffer of the wrong length', () => {
  expect(() => unpackStepStats(new Float32Array(3))).toThrow();
});

it('counts the histogram without a sort the same way with DenseBincount and with one pass per edge', async () => {
  const { unsortedHistogram } = await import('./stats');
  const { FAR } = await import('./positiveSlots');
  const values = Array.from({ length: 7 * 9 }, (_, i) => (i % 5 === 0 ? 0.1 * (i % 20) : Math.abs(Math.sin(i)) * 2.3));
  const inside = values.map((_, i) => (i % 4 === 3 ? 0 : 1));
  const x = tf.tensor2d(values.map((v, i) => (inside[i] ? v : FAR)), [7, 9]);
  const m = tf.tensor2d(inside, [7, 9]);
  const want = new Array<number>(HISTOGRAM_BINS).fill(0);
  const edges = Array.from({ length: HISTOGRAM_BINS - 1 }, (_, i) => Math.fround(((i + 1) * 2) / HISTOGRAM_BINS));
  values.forEach((v, i) => {
    if (inside[i]) want[edges.filter((e) => e <= Math.fround(v)).length]! += 1;
  });
  for (const native of [true, false]) {
    const h = unsortedHistogram(x, m, 2, native);
    expect(Array.from(await h.data())).toEqual(want);
    h.dispose();
  }
  tf.dispose([x, m]);
});
