/**
 * Offline triplet mining (FaceNet / seed 001, option 1): every n steps, embed a random subset of the training set
 * with the current network, pick per anchor the hardest positive and the hardest (or a semi-hard) negative in that
 * subset, and train on those triplets until the next refresh.
 */
import * as tf from '@tensorflow/tfjs';
import { mineOfflineHard } from '../metric';
import { embed } from '../model/embed';
import type { IdentityIndex } from '../data/identityIndex';
import type { Batch } from '../data/samplers/batch';
import type { Rng } from '../common/rng';
import type { ImageSource } from './imageSource';

/** Images embedded per forward pass while mining. */
const EMBED_CHUNK = 128;

/** Mined triplets: dataset image indices and their identities, [T × 3] each, laid out a p n. */
export interface MinedTriplets {
  images: Int32Array;
  labels: Int32Array;
}

/** Embeds `images` in inference mode, chunk by chunk. @returns [N, D] (caller owns it) */
async function embedAll(model: tf.LayersModel, source: ImageSource, images: Int32Array): Promise<tf.Tensor2D> {
  const parts: tf.Tensor2D[] = [];
  try {
    for (let at = 0; at < images.length; at += EMBED_CHUNK) {
      const chunk = images.subarray(at, at + EMBED_CHUNK);
      const pixels = source.read(chunk);
      parts.push(
        tf.tidy(() =>
          embed(model, tf.tensor4d(pixels, [chunk.length, source.size, source.size, source.channels]), { normalize: false }),
        ),
      );
      await tf.nextFrame?.();
    }
    return tf.concat(parts);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * Draws `subset` training images (all images of randomly ordered identities, so anchors have positives), embeds them
 * and mines one triplet per anchor that has a positive in the subset.
 */
export async function mineOffline(
  model: tf.LayersModel,
  source: ImageSource,
  index: IdentityIndex,
  options: { subset: number; margin: number; distance: 'euclidean' | 'squaredEuclidean' | 'cosine'; normalize: boolean; negative: 'hardest' | 'semiHard' },
  rng: Rng,
): Promise<MinedTriplets> {
  const slots = rng.shuffle(Array.from({ length: index.ids.length }, (_, s) => s));
  const images: number[] = [];
  const labels: number[] = [];
  for (const slot of slots) {
    if (images.length >= options.subset) break;
    for (let i = index.offsets[slot] as number; i < (index.offsets[slot + 1] as number); i++) {
      images.push(index.images[i] as number);
      labels.push(index.ids[slot] as number);
    }
  }
  const embeddings = await embedAll(model, source, Int32Array.from(images));
  const labelTensor = tf.tensor1d(labels, 'int32');
  try {
    const picked = await mineOfflineHard(embeddings, labelTensor, options);
    const out: number[] = [];
    const outLabels: number[] = [];
    for (let a = 0; a < picked.anchor.length; a++) {
      const anchor = picked.anchor[a] as number;
      const p = picked.positive[a] as number;
      const n = picked.negative[a] as number;
      // Anchors alone in the subset have no positive; the miner's argmax then points at no valid pair.
      if (p === anchor || labels[p] !== labels[anchor] || labels[n] === labels[anchor]) continue;
      out.push(images[anchor] as number, images[p] as number, images[n] as number);
      outLabels.push(labels[anchor] as number, labels[p] as number, labels[n] as number);
    }
    return { images: Int32Array.from(out), labels: Int32Array.from(outLabels) };
  } finally {
    embeddings.dispose();
    labelTensor.dispose();
  }
}

/** Serves batches of `T` mined triplets in shuffled order, cycling until the next refresh. */
export function tripletBatches(mined: MinedTriplets, T: number, rng: Rng) {
  const count = mined.images.length / 3;
  if (count === 0) throw new Error('Offline mining found no triplet: the subset needs identities with 2 or more images.');
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  let cursor = 0;
  let step = 0;
  return (): Batch => {
    const take = Math.min(T, count);
    const indices = new Int32Array(3 * take);
    const labels = new Int32Array(3 * take);
    const triplets = new Int32Array(3 * take);
    for (let t = 0; t < take; t++) {
      const which = order[cursor++ % count] as number;
      for (let c = 0; c < 3; c++) {
        indices[t * 3 + c] = mined.images[which * 3 + c] as number;
        labels[t * 3 + c] = mined.labels[which * 3 + c] as number;
        triplets[t * 3 + c] = t * 3 + c;
      }
    }
    return { indices, labels, triplets, repeats: 0, epoch: Math.floor(cursor / count), epochProgress: (cursor % count) / count, step: step++ };
  };
}
