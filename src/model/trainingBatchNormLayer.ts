/**
 * tfjs-layers' BatchNormalization, training through one kernel each way (batchNormTraining.ts) where the backend has
 * it. Inference, other axes and backends without the kernel take the stock path; the moving averages are updated
 * as the stock layer does. The class name stays 'BatchNormalization', so saved models load as the stock layer.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING } from './batchNormTraining';

/** The stock layer class, from the registry tfjs deserialises with (tfjs-layers does not export it). */
const BatchNormalization = tf.serialization.SerializationMap.getMap().classNameMap[
  'BatchNormalization'
]![0] as unknown as new (args: { name?: string; axis?: number; momentum?: number }) => tf.layers.Layer;

interface Weight {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

/** The stock layer's fields this one reads (private in tfjs-layers' typings). */
interface BatchNormState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: Weight;
  beta: Weight;
  movingMean: Weight;
  movingVariance: Weight;
}

export class TrainingBatchNorm extends BatchNormalization {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const s = this as unknown as BatchNormState;
    const lastAxis = s.axis === -1 || s.axis === x.rank - 1;
    const fused = kwargs.training && lastAxis && s.center && s.scale && x.dtype === 'float32';
    if (!fused || !tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend())) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(
          BATCH_NORM_TRAINING,
          { x, gamma: s.gamma.read(), beta: s.beta.read() },
          { epsilon: s.epsilon },
        ) as tf.Tensor[];
      // As tfjs-layers: moving ← moving − (moving − batch)·(1 − momentum).
      for (const [moving, batch] of [
        [s.movingMean, mean!],
        [s.movingVariance, variance!],
      ] as const) {
        tf.tidy(() => {
          const old = moving.read();
          moving.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - s.momentum)));
        });
      }
      return y!;
    });
  }
}
