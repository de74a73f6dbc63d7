/**
 * Runs the embedding network and applies the optional L2 normalisation outside the layers model, so a saved LuNet
 * stays a standard tfjs-layers model with no custom layer to register on load (the pretrained backbones carry one,
 * FaceResNet, registered when model/backbone.ts is imported).
 */
import * as tf from '@tensorflow/tfjs';

/** Below this squared norm a vector is divided by sqrt(L2_EPSILON) instead, as tf.nn.l2_normalize does. */
export const L2_EPSILON = 1e-12;

export interface EmbedOptions {
  /** Project each embedding onto the unit sphere. */
  normalize: boolean;
  /** Training mode: batch norm uses (and updates its moving averages from) batch statistics. Default false. */
  training?: boolean;
}

/**
 * Row-wise L2 normalisation, x / sqrt(max(‖x‖², ε)); differentiable everywhere.
 * @param x [B, D] (not disposed)
 * @returns [B, D] with unit rows (caller owns the result)
 */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const squaredNorm = tf.sum(tf.square(x), 1, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(squaredNorm, L2_EPSILON)));
  });
}

/**
 * Embeds a batch of images.
 * @param model the embedding network (buildEmbeddingModel); not disposed
 * @param images [B, S, S, C] float32 (not disposed)
 * @returns [B, D] embeddings, unit rows when `normalize` (caller owns the result; call inside tf.tidy or dispose)
 */
export function embed(model: tf.LayersModel, images: tf.Tensor4D, options: EmbedOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const raw = model.apply(images, { training: options.training ?? false }) as tf.Tensor2D;
    return options.normalize ? l2Normalize(raw) : raw;
  });
}
