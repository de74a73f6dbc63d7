/**
 * A frozen backbone's features, computed once per image: with the ResNet's weights fixed and no batch statistics in
 * it, an image's 128-d descriptor never changes, so after the first epoch a frozen-backbone step trains only the head
 * (a Dense layer) and costs a few milliseconds instead of a 150×150 ResNet forward per image.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSource } from './imageSource';

/** Images per backbone forward when filling the cache. */
const CHUNK = 32;
/** 64 MB of float32 descriptors; past that the cache starts afresh, so memory stays bounded on 100k identities. */
const CACHE_BYTES = 64 * 1024 * 1024;

export class FrozenFeatures {
  private readonly cache = new Map<number, Float32Array>();
  private readonly capacity: number;
  /** Images run through the backbone so far (for tests and the bench). */
  computed = 0;

  /**
   * @param backbone the frozen layer, [B,S,S,C] → [B,dim] (not disposed: the model owns it)
   * @param dim its output width
   */
  constructor(
    private readonly backbone: tf.layers.Layer,
    private readonly source: ImageSource,
    readonly dim: number,
  ) {
    this.capacity = Math.max(CHUNK * 4, Math.floor(CACHE_BYTES / (dim * 4)));
  }

  /**
   * The features of `indices`, computing the missing ones (one async read per chunk, no dataSync).
   * @returns [B × dim] row-major (caller owns the array)
   */
  async read(indices: ArrayLike<number>): Promise<Float32Array> {
    const missing = [...new Set(Array.from(indices))].filter((i) => !this.cache.has(i));
    if (this.cache.size + missing.length > this.capacity) this.cache.clear();
    for (let at = 0; at < missing.length; at += CHUNK) {
      const chunk = missing.slice(at, at + CHUNK);
      const { size, channels } = this.source;
      const out = tf.tidy(
        () => this.backbone.apply(tf.tensor4d(this.source.read(chunk), [chunk.length, size, size, channels])) as tf.Tensor2D,
      );
      const values = (await out.data()) as Float32Array;
      out.dispose();
      chunk.forEach((image, i) => this.cache.set(image, values.slice(i * this.dim, (i + 1) * this.dim)));
      this.computed += chunk.length;
    }
    const features = new Float32Array(indices.length * this.dim);
    for (let i = 0; i < indices.length; i++) features.set(this.cache.get(indices[i] as number)!, i * this.dim);
    return features;
  }
}
