/**
 * Step statistics: one small float32 tensor per step, packed here in the layout of statsLayout.ts and read
 * asynchronously in one go (`await stats.data()`), then decoded with `unpackStepStats`. No gradient flows through it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBatch } from './batch';
import { safeMean } from './batch';
import { FAR } from './positiveSlots';
import { HISTOGRAM_BINS } from './statsLayout';

/** @param m [B, B] float32 1 / 0 */
function meanStd(dist: tf.Tensor2D, m: tf.Tensor2D): tf.Tensor1D {
  const n = tf.sum(m);
  const mean = safeMean(tf.sum(tf.mul(m, dist)), n);
  const meanSq = safeMean(tf.sum(tf.mul(m, tf.square(dist))), n);
  const std = tf.sqrt(tf.relu(tf.sub(meanSq, tf.square(mean))));
  return tf.stack([mean, std]) as tf.Tensor1D;
}

function histogramEdges(max: number): number[] {
  return Array.from({ length: HISTOGRAM_BINS - 1 }, (_, i) => ((i + 1) * max) / HISTOGRAM_BINS);
}

/** Counts per bin from rows sorted ascending (+Infinity past the masked entries). */
function histogram(sorted: tf.Tensor2D, rowCounts: tf.Tensor1D, max: number): tf.Tensor1D {
  const rows = sorted.shape[0];
  const edgeRows = tf.tile(tf.tensor2d([histogramEdges(max)]), [rows, 1]);
  const below = tf.cast(tf.searchSorted(sorted, edgeRows, 'left'), 'float32');
  const cumulative = tf.concat([tf.zeros([rows, 1]), below, tf.reshape(rowCounts, [rows, 1])], 1);
  const perBin = tf.sub(
    tf.slice(cumulative, [0, 1], [rows, HISTOGRAM_BINS]),
    tf.slice(cumulative, [0, 0], [rows, HISTOGRAM_BINS]),
  );
  return tf.sum(perBin, 0) as tf.Tensor1D;
}

/** Backends whose DenseBincount runs natively (webgl's reads the tensor back synchronously). */
const NATIVE_BINCOUNT = new Set(['cpu', 'wasm']);

/**
 * The same counts without a sort. Where DenseBincount is native, each entry's bin is a binary search among the
 * edges (`#edges ≤ x`, as exact as the sorted path) and the bins are counted in one pass; elsewhere one pass per
 * edge counts `x < edge` as `step(edge − x)` (positiveSlots.ts).
 * @param x [R, C] distances, `≥ FAR` outside the mask
 * @param inside [R, C] float32 1 / 0: the mask
 * @param native use DenseBincount (default: when the backend runs it natively)
 */
export function unsortedHistogram(
  x: tf.Tensor2D,
  inside: tf.Tensor2D,
  max: number,
  native = NATIVE_BINCOUNT.has(tf.getBackend()),
): tf.Tensor1D {
  const edges = histogramEdges(max);
  if (native) {
    const bin = tf.searchSorted(tf.tile(tf.tensor2d([edges]), [x.shape[0], 1]), x, 'right');
    return tf.denseBincount(tf.reshape(bin, [-1]), tf.reshape(inside, [-1]), HISTOGRAM_BINS) as tf.Tensor1D;
  }
  const below = edges.map((edge) => tf.sum(tf.step(tf.sub(edge, x))));
  const cumulative = tf.stack([tf.scalar(0), ...below, tf.sum(inside)]);
  return tf.sub(tf.slice(cumulative, 1, HISTOGRAM_BINS), tf.slice(cumulative, 0, HISTOGRAM_BINS)) as tf.Tensor1D;
}

/** The positive and negative distance histograms: from the slots when the batch has them, else from the sorts. */
function histograms(batch: PreparedBatch, max: number): [tf.Tensor1D, tf.Tensor1D] {
  const { masks, slots } = batch;
  if (!slots)
    return [
      histogram(batch.positives.values, masks.positiveCount, max),
      histogram(batch.negatives.values, masks.negativeCount, max),
    ];
  const inside = tf.cast(tf.greater(slots.value, -FAR / 2), 'float32') as tf.Tensor2D;
  const positives = tf.where(tf.greater(inside, 0), slots.value, tf.fill(slots.value.shape, FAR)) as tf.Tensor2D;
  return [
    unsortedHistogram(positives, inside, max),
    unsortedHistogram(slots.negativeDistance, masks.negativeFloat, max),
  ];
}

/**
 * Packs the step statistics. Call inside `tf.tidy`.
 * @param loss scalar loss of the step
 * @param population [8] census of all valid triplets
 * @param selection [8] census of the selected triplets
 * @returns [STEP_STATS_LENGTH] float32
 */
export function packStepStats(
  batch: PreparedBatch,
  loss: tf.Scalar,
  population: tf.Tensor1D,
  selection: tf.Tensor1D,
  margin: number,
  histogramMax: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const head = tf.stack([loss, batch.noPositives, tf.scalar(margin), tf.scalar(histogramMax)]);
    const ap = meanStd(batch.dist, batch.masks.positiveFloat);
    const an = meanStd(batch.dist, batch.masks.negativeFloat);
    const meanNorm = tf.reshape(tf.mean(batch.norms), [1]);
    const [apHist, anHist] = histograms(batch, histogramMax);
    return tf.concat([head, population, selection, ap, an, meanNorm, tf.zeros([1]), apHist, anHist]) as tf.Tensor1D;
  });
}
