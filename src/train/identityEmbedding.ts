/**
 * Identity representations for subspace clustering (seed 000, method 3): the mean of the L2-normalised embeddings of
 * each training identity's images, from the current network.
 */
import * as tf from '@tensorflow/tfjs';
import { embed } from '../model/embed';
import type { IdentityIndex } from '../data/identityIndex';
import type { ImageSource } from './imageSource';
import { embedWithViews, type TestTimeAugmentation } from './testTimeAugmentation';

/**
 * Where identity vectors come from: the network being trained, or (seed 000) the pretrained face-recognition ResNet's
 * descriptors, so subspaces can be built before any training.
 */
export type IdentityRepresentation = 'current' | 'pretrained';

/** Images per forward pass. */
const CHUNK = 256;

export interface IdentityVectors {
  /** [N] identity ids, in slot order. */
  ids: Int32Array;
  /** [N × dim] row-major mean normalised embeddings. */
  vectors: Float32Array;
  dim: number;
}

/**
 * Embeds every image of `index` in inference mode, chunk by chunk (one async read each), and averages per identity.
 * @param onProgress called after each chunk with images done and total
 */
export async function embedIdentities(
  model: tf.LayersModel,
  source: ImageSource,
  index: IdentityIndex,
  onProgress: (done: number, total: number) => void,
  signal?: { aborted: boolean },
): Promise<IdentityVectors> {
  const total = index.images.length;
  const dim = (model.outputs[0]!.shape[1] as number) ?? 0;
  const sums = new Float64Array(index.ids.length * dim);
  // Which slot each position of `index.images` belongs to.
  const slotOf = new Int32Array(total);
  for (let s = 0; s < index.ids.length; s++) slotOf.fill(s, index.offsets[s] as number, index.offsets[s + 1] as number);
  for (let at = 0; at < total; at += CHUNK) {
    if (signal?.aborted) throw new Error('cancelled');
    const chunk = index.images.subarray(at, Math.min(total, at + CHUNK));
    const pixels = source.read(chunk);
    const out = tf.tidy(() =>
      embed(model, tf.tensor4d(pixels, [chunk.length, source.size, source.size, source.channels]), { normalize: true }),
    );
    const values = (await out.data()) as Float32Array;
    out.dispose();
    for (let i = 0; i < chunk.length; i++) {
      const s = slotOf[at + i] as number;
      for (let d = 0; d < dim; d++) sums[s * dim + d] = (sums[s * dim + d] as number) + (values[i * dim + d] as number);
    }
    onProgress(Math.min(total, at + CHUNK), total);
  }
  const vectors = new Float32Array(sums.length);
  for (let s = 0; s < index.ids.length; s++) {
    const n = (index.offsets[s + 1] as number) - (index.offsets[s] as number);
    for (let d = 0; d < dim; d++) vectors[s * dim + d] = (sums[s * dim + d] as number) / Math.max(n, 1);
  }
  return { ids: Int32Array.from(index.ids), vectors, dim };
}

export interface ImageEmbeddings {
  /** [N × dim] row-major L2-normalised embeddings. */
  embeddings: Float32Array;
  dim: number;
  /** [N] identity id of each row. */
  labels: Int32Array;
  /** [N] dataset image index of each row (for thumbnails). */
  images: Int32Array;
}

/**
 * Embeds every image of `index` (e.g. the validation identities) in inference mode, normalised; with test-time
 * augmentation, each row is the normalised mean over the image's views.
 */
export async function embedImages(
  model: tf.LayersModel,
  source: ImageSource,
  index: IdentityIndex,
  onProgress: (done: number, total: number) => void,
  tta: TestTimeAugmentation = 'none',
): Promise<ImageEmbeddings> {
  const total = index.images.length;
  const dim = (model.outputs[0]!.shape[1] as number) ?? 0;
  const embeddings = new Float32Array(total * dim);
  const labels = new Int32Array(total);
  for (let s = 0; s < index.ids.length; s++) labels.fill(index.ids[s] as number, index.offsets[s] as number, index.offsets[s + 1] as number);
  for (let at = 0; at < total; at += CHUNK) {
    const chunk = index.images.subarray(at, Math.min(total, at + CHUNK));
    const pixels = source.read(chunk);
    const out = tf.tidy(() =>
      embedWithViews(model, tf.tensor4d(pixels, [chunk.length, source.size, source.size, source.channels]), tta),
    );
    embeddings.set((await out.data()) as Float32Array, at * dim);
    out.dispose();
    onProgress(Math.min(total, at + CHUNK), total);
  }
  return { embeddings, dim, labels, images: Int32Array.from(index.images) };
}
