/**
 * Pairwise distances between embeddings (metric-learning.md, "Notation").
 * All functions are synchronous tensor code; call them inside `tf.tidy` or dispose the result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './stopGradient';

export type DistanceName = 'euclidean' | 'squaredEuclidean' | 'cosine';

export const DISTANCES: readonly DistanceName[] = ['euclidean', 'squaredEuclidean', 'cosine'];

/** Added under the square root so that d/dx sqrt stays finite when two embeddings coincide. */
export const EUCLIDEAN_EPSILON = 1e-12;

/**
 * Row-wise L2 normalisation, `x / sqrt(max(‖x‖², 1e-12))`; the floor keeps a zero row (collapse) finite.
 * @param x [B, D] (caller owns the result)
 */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), 1, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(sq, EUCLIDEAN_EPSILON)));
  });
}

/**
 * Pairwise distance matrix `d(i, j)` with the Gram trick. The diagonal is forced to the distance of a point to
 * itself (0 for squared and cosine, sqrt(1e-12) for euclidean) with a zero gradient.
 * @param embeddings [B, D] float32
 * @param normalize L2-normalise the rows first (cosine always works on directions)
 * @returns [B, B] float32 (caller owns the result)
 */
export function pairwiseDistance(embeddings: tf.Tensor2D, distance: DistanceName, normalize: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const x = normalize || distance === 'cosine' ? l2Normalize(embeddings) : embeddings;
    return gramDistance(x, distance);
  });
}

/**
 * The distances of `pairwiseDistance` from the (normalised) rows, with an analytic gradient: `∂L/∂G = ∂L/∂d ⊙ F`
 * (F saved by the forward pass), then `∂L/∂x = (∂L/∂G + ∂L/∂Gᵀ) x`, plus `2 x ∂L/∂‖x‖²` for the squared norms.
 * Autodiff would tape a dozen [B, B] ops and copy their inputs; both matMuls here are untransposed, because
 * tfjs-backend-wasm 4.22 runs a matMul with a transposed operand 3 to 10 times slower (B = 1,800, D = 64).
 * Same derivatives as autodiff of the formulas: relu and the diagonal pass no gradient, sqrt' = 1 / (2 d).
 */
function gramDistance(x: tf.Tensor2D, distance: DistanceName): tf.Tensor2D {
  // Outside tf.grad nothing reads F: skip its [B, B] passes (the census, the statistics, inference).
  const { gradientDepth, kernelDepth } = tf.engine().state;
  const taped = gradientDepth > 0 && kernelDepth === 0;
  const op = customOp<tf.Tensor2D>(([input], save) => {
    const v = input as tf.Tensor2D;
    const b = v.shape[0];
    const offDiagonal = tf.sub(1, tf.eye(b));
    const gram = tf.matMul(v, tf.transpose(v));
    let value: tf.Tensor2D;
    let factor: tf.Tensor | null = null; // ∂d/∂G
    if (distance === 'cosine') {
      value = tf.mul(tf.sub(1, gram), offDiagonal) as tf.Tensor2D;
      if (taped) factor = tf.neg(offDiagonal);
    } else {
      const norms = tf.sum(tf.square(v), 1);
      const sq = tf.sub(tf.add(tf.reshape(norms, [b, 1]), tf.reshape(norms, [1, b])), tf.mul(2, gram));
      // relu: the Gram trick can return tiny negatives; its gradient at 0 is 0, which keeps coincident points finite.
      const active = () => tf.mul(tf.step(sq), offDiagonal);
      const squared = tf.mul(tf.relu(sq), offDiagonal) as tf.Tensor2D;
      if (distance === 'squaredEuclidean') {
        value = squared;
        if (taped) factor = tf.mul(active(), -2);
      } else {
        value = tf.sqrt(tf.add(squared, EUCLIDEAN_EPSILON)) as tf.Tensor2D;
        if (taped) factor = tf.neg(tf.div(active(), value));
      }
    }
    if (factor) save([v, factor]);
    return {
      value,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [rows, f] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dGram = tf.mul(dy, f);
        const dx = tf.matMul(tf.add(dGram, tf.transpose(dGram)), rows);
        if (distance === 'cosine') return dx;
        // ∂L/∂‖x_i‖² = Σ_j ∂L/∂sq_ij + Σ_j ∂L/∂sq_ji, with ∂L/∂sq = −∂L/∂G / 2.
        const dNorms = tf.mul(tf.add(tf.sum(dGram, 1), tf.sum(dGram, 0)), -0.5);
        return tf.add(dx, tf.mul(rows, tf.mul(tf.reshape(dNorms, [b, 1]), 2)));
      },
    };
  });
  return op(x);
}

/** Upper end of the fixed histogram range for each distance on normalised embeddings (stats.ts). */
export function histogramRange(distance: DistanceName): number {
  return distance === 'squaredEuclidean' ? 4 : 2;
}
