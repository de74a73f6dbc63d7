/**
 * Quadruplet loss (Chen, Chen, Zhang & Huang 2017, "Beyond triplet loss"), batch-hard form: per anchor the hardest
 * positive p and hardest negative n1, plus the closest negative pair (i, j) of the batch with y_i ≠ y_j and both
 * identities different from y_a:  [d_ap − d_an1 + m1]_+ + [d_ap − d_ij + m2]_+,  m1 = margin, m2 = ratio · margin.
 *
 * The closest (i, j) avoiding identity c is found in O(B²): for each row i, j1 is its nearest negative and j2 its
 * nearest negative of another identity than j1's; for c ≠ y_i the answer of row i is j1 unless y_j1 = c, then j2.
 * The second term is left out for anchors when the batch holds fewer than three identities.
 */
import * as tf from '@tensorflow/tfjs-core';
import { quadrupletInfo } from '../catalog/quadruplet';
import type { QuadrupletOptions } from '../catalog/quadruplet';
import type { PreparedBatch } from '../batch';
import { safeMean } from '../batch';
import type { LossEntry } from '../lossEntry';
import { gatherRows, noGrad, rowMajorIndex, takeFlat } from '../stopGradient';
import type { LossInput, LossResult } from '../types';
import { hardestPerAnchor } from './batchHard';

function quadrupletBody(batch: PreparedBatch, input: LossInput, options: QuadrupletOptions): LossResult {
  const { b, dist, masks } = batch;
  const labels = input.labels;
  const { apDist, anDist, valid } = hardestPerAnchor(batch);
  const pairIndex = noGrad(dist, () =>
    tf.tidy(() => {
      const inf = tf.fill(dist.shape, Infinity);
      const j1 = tf.argMin(tf.where(masks.negative, dist, inf), 1);
      const labelJ1 = tf.gather(labels, j1);
      const otherThanJ1 = tf.notEqual(tf.reshape(labels, [1, b]), tf.reshape(labelJ1, [b, 1]));
      const secondMask = tf.logicalAnd(masks.negative, otherThanJ1);
      const j2 = tf.argMin(tf.where(secondMask, dist, inf), 1);
      const hasJ1 = tf.greater(masks.negativeCount, 0);
      const hasJ2 = tf.any(secondMask, 1);
      const flatDist = tf.reshape(dist, [-1]);
      const dJ1 = tf.gather(flatDist, rowMajorIndex(j1, b));
      const dJ2 = tf.gather(flatDist, rowMajorIndex(j2, b));
      // [anchor, row i]: row i's closest pair avoiding the anchor's identity.
      const anchorLabel = tf.reshape(labels, [b, 1]);
      const useJ1 = tf.notEqual(tf.reshape(labelJ1, [1, b]), anchorLabel);
      const rowOk = tf.logicalAnd(
        tf.notEqual(tf.reshape(labels, [1, b]), anchorLabel),
        // where(useJ1, hasJ1, hasJ2) in logical ops: tfjs-wasm 4.22's SelectV2 on bool values reads out of bounds.
        tf.logicalOr(
          tf.logicalAnd(useJ1, tf.reshape(hasJ1, [1, b]).tile([b, 1])),
          tf.logicalAnd(tf.logicalNot(useJ1), tf.reshape(hasJ2, [1, b]).tile([b, 1])),
        ),
      );
      const candidate = tf.where(useJ1, tf.reshape(dJ1, [1, b]).tile([b, 1]), tf.reshape(dJ2, [1, b]).tile([b, 1]));
      const bestRow = tf.argMin(tf.where(rowOk, candidate, inf), 1);
      const columnPerRow = tf.where(useJ1, tf.reshape(j1, [1, b]).tile([b, 1]), tf.reshape(j2, [1, b]).tile([b, 1]));
      const bestColumn = gatherRows(columnPerRow, bestRow);
      const flat = tf.add(tf.mul(bestRow, tf.scalar(b, 'int32')), bestColumn);
      const hasPair = tf.cast(tf.any(rowOk, 1), 'int32');
      return tf.stack([flat, hasPair]);
    }),
  );
  const [flat, hasPairInt] = tf.unstack(pairIndex) as [tf.Tensor1D, tf.Tensor1D];
  const hasPair = tf.mul(tf.cast(hasPairInt, 'float32'), valid);
  const pairDist = takeFlat(dist, flat);
  const m1 = options.margin;
  const m2 = options.margin2Ratio * options.margin;
  const first = tf.mul(valid, tf.relu(tf.add(tf.sub(apDist, anDist), m1)));
  const second = tf.mul(hasPair, tf.relu(tf.add(tf.sub(apDist, pairDist), m2)));
  return {
    loss: safeMean(tf.sum(tf.add(first, second)), tf.sum(valid)),
    selection: { kind: 'triplets', apDist, anDist, valid },
  };
}

export const quadrupletEntry: LossEntry<QuadrupletOptions> = {
  ...quadrupletInfo,
  body: quadrupletBody,
};
