import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createRng } from '../common/rng';
import { drawRandomTriplets, mineOfflineHard } from './miners';
import { oracleDistance } from './testing/oracle';
import { randomBatch } from './testing/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('drawRandomTriplets is uniform over the valid triplets', () => {
  // Identities [0,0,0,1,1,2]: T = 3·(2·3) + 2·(1·4) + 1·(0·5) = 18 + 8 = 26 valid triplets.
  const labels = [0, 0, 0, 1, 1, 2];
  const n = 26_000;
  const t = drawRandomTriplets(labels, n, createRng(3));
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const a = t.anchor[i] as number;
    const p = t.positive[i] as number;
    const q = t.negative[i] as number;
    expect(a).not.toBe(p);
    expect(labels[a]).toBe(labels[p]);
    expect(labels[a]).not.toBe(labels[q]);
    const key = `${a},${p},${q}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  expect(counts.size).toBe(26);
  for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150); // ±4.7σ
  expect(drawRandomTriplets([0, 1, 2], 5, createRng(1)).anchor.length).toBe(0);
});

it('mineOfflineHard picks the hardest positive and the hardest or semi-hard negative', async () => {
  const { x, labels } = randomBatch(4, 3, 5, 77, 1);
  const d = oracleDistance(x, 'euclidean', true);
  const e = tf.tensor2d(x);
  const y = tf.tensor1d(labels, 'int32');
  const before = tf.memory().numTensors;
  for (const negative of ['hardest', 'semiHard'] as const) {
    const got = await mineOfflineHard(e, y, { margin: 0.2, distance: 'euclidean', normalize: true, negative });
    const anchors: number[] = [];
    labels.forEach((ya, a) => {
      const row = d[a] as number[];
      const pos = labels.flatMap((yb, b) => (b !== a && yb === ya ? [b] : []));
      const neg = labels.flatMap((yb, b) => (yb !== ya ? [b] : []));
      if (pos.length === 0) return;
      const i = anchors.push(a) - 1;
      const p = pos.reduce((u, v) => ((row[v] as number) > (row[u] as number) ? v : u));
      expect(got.positive[i]).toBe(p);
      const hardest = neg.reduce((u, v) => ((row[v] as number) < (row[u] as number) ? v : u));
      const above = neg.filter((v) => (row[v] as number) > (row[p] as number));
      const semi = above.length ? above.reduce((u, v) => ((row[v] as number) < (row[u] as number) ? v : u)) : hardest;
      expect(got.negative[i]).toBe(negative === 'hardest' ? hardest : semi);
    });
    expect(Array.from(got.anchor)).toEqual(anchors);
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([e, y]);
});
