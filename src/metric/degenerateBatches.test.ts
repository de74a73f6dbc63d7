/**
 * Every registered loss on the batches that break naive code: no positive pair (loss 0, zero gradient, the flag)
 * and coincident embeddings (finite gradients), on every distance.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES, LOSS_IDS } from './catalog';
import type { LossExtras, LossOptionsById } from './registry';
import { unpackStepStats } from './statsLayout';
import { randomBatch } from './testing/fixtures';
import { DISTANCES, expectSameWithLabelValues, labLoss } from './testing/lossCheck';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('degenerate batches', () => {
  const ids = LOSS_IDS;
  const extrasFor = (b: number): LossExtras => ({
    triplets: {
      anchor: tf.tensor1d([0, 1], 'int32'),
      positive: tf.tensor1d([1, 0], 'int32'),
      negative: tf.tensor1d([2, 3], 'int32'),
    },
    logits: tf.zeros([b, 3]) as tf.Tensor2D,
    classIndices: tf.zeros([b], 'int32') as tf.Tensor1D,
  });
  const disposeExtras = (e: LossExtras): void => {
    const all: Array<tf.Tensor | undefined> = [e.triplets?.anchor, e.triplets?.positive, e.triplets?.negative, e.logits, e.classIndices];
    tf.dispose(all.filter((t): t is tf.Tensor => t !== undefined));
  };

  it('a batch without a positive pair gives loss 0 (CE only for softmaxTriplet), zero gradient, the flag', () => {
    const { x } = randomBatch(6, 1, 4, 9);
    const labels = [0, 1, 2, 3, 4, 5];
    for (const id of ids)
      for (const distance of DISTANCES) {
        const extras = extrasFor(6);
        const lab = labLoss(id, { distance } as Partial<LossOptionsById[typeof id]>, x, labels, extras);
        expectSameWithLabelValues(id, { distance } as Partial<LossOptionsById[typeof id]>, x, labels, extras, lab);
        disposeExtras(extras);
        const stats = unpackStepStats(lab.stats);
        expect(stats.noPositives).toBe(true);
        expect(stats.population.total).toBe(0);
        // A loss on identity logits keeps its cross-entropy: ln 3 over three equal logits.
        expect(lab.value).toBeCloseTo(LOSSES[id].inputs.includes('identityLogits') ? Math.log(3) : 0, 6);
        for (const g of lab.grad) expect(g).toBe(0);
      }
  });

  it('a batch of one identity (no negative) gives the same numbers with and without the labels on the host', () => {
    const { x } = randomBatch(1, 5, 4, 12);
    const labels = [7, 7, 7, 7, 7];
    for (const id of ids) {
      const extras = extrasFor(5);
      const lab = labLoss(id, {} as Partial<LossOptionsById[typeof id]>, x, labels, extras);
      expectSameWithLabelValues(id, {} as Partial<LossOptionsById[typeof id]>, x, labels, extras, lab);
      disposeExtras(extras);
      expect(unpackStepStats(lab.stats).population.total).toBe(0);
    }
  });

  it('coincident embeddings keep every gradient finite', () => {
    const { x, labels } = randomBatch(3, 3, 4, 10);
    const same = x.map((row, i) => (i < 4 ? (x[0] as number[]) : row));
    for (const id of ids)
      for (const distance of DISTANCES)
        for (const normalize of [true, false]) {
          const extras = extrasFor(labels.length);
          const options = { distance, normalize } as Partial<LossOptionsById[typeof id]>;
          const lab = labLoss(id, options, same, labels, extras);
          expectSameWithLabelValues(id, options, same, labels, extras, lab);
          disposeExtras(extras);
          expect(Number.isFinite(lab.value)).toBe(true);
          for (const g of lab.grad) expect(Number.isFinite(g)).toBe(true);
        }
  });
});
