/**
 * In-memory save / load in the standard tfjs-layers format (topology JSON + weight manifest + binary weights), so
 * the caller can put a model into IndexedDB, export it as model.json + weights.bin, or load it back.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Serialises a model (topology, weight specs, weight bytes, and the user-defined metadata that carries the
 * ModelConfig) to a plain object. Creates no lasting tensors.
 */
export async function saveModelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (saved === undefined) throw new Error('saveModelArtifacts: the save handler was not called');
  return saved;
}

/** Weight bytes as one ArrayBuffer (tfjs may hand back a list of shards), e.g. to write weights.bin. */
export function weightBytes(artifacts: tf.io.ModelArtifacts): ArrayBuffer {
  const data = artifacts.weightData;
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]);
}

/** Rebuilds a model from saved artifacts. The new model owns new variables (caller disposes via disposeModel). */
export async function loadModelArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
