/**
 * The face-recognition ResNet's weights (face-api), loaded once per worker on first use and kept for its lifetime:
 * every run, comparison and descriptor model copies them into variables of its own, so reset never reloads 6 MB.
 */
import type * as tf from '@tensorflow/tfjs';
import { needsPretrainedWeights, type ModelConfig } from '../model/config';
import { loadFaceApiWeights, type AssetReader } from '../model/pretrained/faceApiWeights';

let loading: Promise<tf.NamedTensorMap> | null = null;

/** The weight map (owned by this module; callers must not dispose it). */
export function faceRecognitionWeights(read: AssetReader): Promise<tf.NamedTensorMap> {
  if (!loading) {
    loading = loadFaceApiWeights('face_recognition_model', read);
    // A failed load (offline build, missing file) may be retried by the next run.
    loading.catch(() => (loading = null));
  }
  return loading;
}

/** The weights a model config needs to build, or undefined for the from-scratch network. */
export async function pretrainedFor(model: ModelConfig, read: AssetReader): Promise<tf.NamedTensorMap | undefined> {
  return needsPretrainedWeights(model) ? faceRecognitionWeights(read) : undefined;
}
