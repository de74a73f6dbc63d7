/**
 * Weight snapshots: every weight of a model copied to Float32Arrays, and written back. Used for NaN rollback and
 * in-memory checkpoints. A snapshot holds no tensors, so it has no lifetime to manage.
 *
 * A snapshot covers ALL weights, batch norm's non-trainable moving mean and variance included: a NaN step also
 * poisons those, and a rollback that left them would still evaluate to NaN.
 */
import * as tf from '@tensorflow/tfjs';

export interface WeightSnapshot {
  /** Weight names as saved (layer/weight, e.g. "stem_conv/kernel"), in model.weights order. */
  names: string[];
  shapes: number[][];
  /** Private copies: never views onto backend memory. */
  values: Float32Array[];
}

const namesOf = (model: tf.LayersModel): string[] => model.weights.map((w) => w.originalName);

/**
 * Synchronous snapshot (blocks on the backend; on GPU backends that stalls the pipeline, so prefer the async one
 * in the training loop).
 */
export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  return {
    names: namesOf(model),
    shapes: model.weights.map((w) => [...w.read().shape]),
    values: model.weights.map((w) => Float32Array.from(w.read().dataSync())),
  };
}

/** Asynchronous snapshot: reads every weight with data(); the weights must not change until it resolves. */
export async function snapshotWeightsAsync(model: tf.LayersModel): Promise<WeightSnapshot> {
  const values = await Promise.all(model.weights.map(async (w) => Float32Array.from(await w.read().data())));
  return { names: namesOf(model), shapes: model.weights.map((w) => [...w.read().shape]), values };
}

/**
 * Writes a snapshot back into a model of the same architecture (same names, shapes and order). The variables keep
 * their identity (optimizer slots stay attached) and tf.memory().numTensors is unchanged.
 */
export function restoreWeights(model: tf.LayersModel, snapshot: WeightSnapshot): void {
  const weights = model.weights;
  if (weights.length !== snapshot.values.length) {
    throw new Error(`restoreWeights: model has ${weights.length} weights, snapshot ${snapshot.values.length}`);
  }
  tf.tidy(() => {
    weights.forEach((weight, i) => {
      const name = snapshot.names[i];
      const shape = snapshot.shapes[i];
      const values = snapshot.values[i];
      if (name !== weight.originalName || shape === undefined || values === undefined) {
        throw new Error(`restoreWeights: weight ${i} is ${weight.originalName}, snapshot has ${String(name)}`);
      }
      if (shape.join(',') !== weight.shape.join(',')) {
        throw new Error(`restoreWeights: ${name} has shape [${weight.shape.join(',')}], snapshot [${shape.join(',')}]`);
      }
      // Copy so the snapshot can be restored again even if a backend keeps a reference to the written array.
      weight.write(tf.tensor(values.slice(), shape, 'float32'));
    });
  });
}
