/**
 * Loads the pretrained weights shipped inside @vladmandic/face-api: a tfjs weights manifest plus one .bin shard per
 * model (uint8-quantised, dequantised to float32 here). The app serves the files itself under FACE_API_MODEL_URL
 * (vite.config.ts); tests and the bench read them from node_modules with a reader of their own.
 */
import * as tf from '@tensorflow/tfjs';

/** The face-api models the lab ships; the names are the package's file stems. */
export type FaceApiModel =
  'ssd_mobilenetv1_model' | 'tiny_face_detector_model' | 'face_landmark_68_model' | 'face_recognition_model';

/** Where the app serves the model files (same origin). */
export const FACE_API_MODEL_URL = '/models/face-api/';

/** Reads one model file by name (e.g. "face_recognition_model.bin"). */
export type AssetReader = (fileName: string) => Promise<ArrayBuffer>;

/** Reads model files from the app's own origin. */
export function fetchAssetReader(base: string = FACE_API_MODEL_URL): AssetReader {
  return async (fileName) => {
    const url = new URL(base + fileName, self.location.href);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Could not load the pretrained model file ${fileName} (${response.status} from ${url.pathname}).`);
    return response.arrayBuffer();
  };
}

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/**
 * The named weights of one model, dequantised to float32.
 * @returns name → tensor (caller owns every tensor; dispose them, or hand them to a network that does)
 */
export async function loadFaceApiWeights(model: FaceApiModel, read: AssetReader): Promise<tf.NamedTensorMap> {
  const manifest = JSON.parse(new TextDecoder().decode(await read(`${model}-weights_manifest.json`))) as ManifestGroup[];
  const map: tf.NamedTensorMap = {};
  for (const group of manifest) {
    const shards = await Promise.all(group.paths.map((p) => read(p)));
    const buffer = shards.length === 1 ? shards[0]! : tf.io.concatenateArrayBuffers(shards);
    Object.assign(map, tf.io.decodeWeights(buffer, group.weights));
  }
  return map;
}

