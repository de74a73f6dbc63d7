/**
 * Positive and negative pair masks from identity labels. Labels carry no gradient, so these are plain tensors.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface IdentityMasks {
  /** [B, B] bool: `a ≠ p` and `y_a = y_p`. */
  positive: tf.Tensor2D;
  /** [B, B] bool: `y_a ≠ y_n`. */
  negative: tf.Tensor2D;
  /** [B] float32: number of positives of each anchor, `k_a − 1`. */
  positiveCount: tf.Tensor1D;
  /** [B] float32: number of negatives of each anchor, `B − k_a`. */
  negativeCount: tf.Tensor1D;
}

/**
 * @param labels [B] int32 identity ids
 * @returns masks (caller owns every tensor)
 */
export function identityMasks(labels: tf.Tensor1D): IdentityMasks {
  return tf.tidy(() => {
    const b = labels.shape[0];
    const same = tf.equal(tf.reshape(labels, [b, 1]), tf.reshape(labels, [1, b]));
    const positive = tf.logicalAnd(same, tf.logicalNot(tf.cast(tf.eye(b), 'bool'))) as tf.Tensor2D;
    const negative = tf.logicalNot(same) as tf.Tensor2D;
    const positiveCount = tf.sum(tf.cast(positive, 'float32'), 1) as tf.Tensor1D;
    const negativeCount = tf.sum(tf.cast(negative, 'float32'), 1) as tf.Tensor1D;
    return { positive, negative, positiveCount, negativeCount };
  });
}
