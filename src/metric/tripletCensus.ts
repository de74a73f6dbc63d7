/**
 * The census as a one-call async API for the app and outside checks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareBatch } from './batch';
import { populationCensus } from './census';
import { decodeCensus } from './censusLayout';
import type { Census } from './censusLayout';
import type { DistanceName } from './distance';

export interface CensusOptions {
  margin: number;
  distance: DistanceName;
  /** Default true. */
  normalize?: boolean;
}

/**
 * Exact numbers of easy, semi-hard and hard valid triplets of a batch, and their total T.
 * O(B² log B) time, O(B²) memory. The inputs stay owned by the caller; nothing else stays allocated.
 * @param embeddings [B, D] float32
 * @param labels [B] int32 identity ids
 */
export async function tripletCensus(
  embeddings: tf.Tensor2D,
  labels: tf.Tensor1D,
  opts: CensusOptions,
): Promise<Census> {
  // The labels on the host (B int32) tell how many positives each anchor has: few allow the direct census.
  const labelValues = await labels.data();
  const packed = tf.tidy(() => {
    const batch = prepareBatch(embeddings, labels, opts.distance, opts.normalize ?? true, labelValues);
    try {
      return populationCensus(batch, opts.margin);
    } finally {
      batch.release();
    }
  });
  try {
    return decodeCensus(await packed.data());
  } finally {
    packed.dispose();
  }
}
