/**
 * The gradient of tfjs's FusedBatchNorm without its Tile. tfjs-core 4.22 tiles 1/√(σ² + ε) to the whole [B, H, W, C]
 * input before multiplying it into dy; broadcasting it gives the same products. On wasm that Tile was the training
 * step's most expensive kernel (tf.profile, tiny network, 64×64×3, B = 64: 80–108 ms of a ~256 ms step on one
 * thread, 150–170 ms on two). Everything else is tfjs's formula, term for term.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

export const batchNormGradConfig: GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const g = dy as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    // Per channel when mean is [C] (the layers' case), else elementwise: a sum over broadcast axes, or none.
    const reduce = (t: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(g, scaleValue);
    const rsqrt = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrt, rsqrt), rsqrt), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(tf.mul(g, rsqrt), scaleValue), x.shape),
      mean: () => reduce(tf.mul(tf.mul(rsqrt, tf.scalar(-1)), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, rsqrt))),
      offset: () => reduce(g),
    };
  },
};

/** Replaces tfjs's FusedBatchNorm gradient (for every backend) with batchNormGradConfig. */
export function registerBatchNormGradient(): void {
  tf.registerGradient(batchNormGradConfig);
}
