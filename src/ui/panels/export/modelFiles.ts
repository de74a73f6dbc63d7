/**
 * The trained network as the two files of the tfjs layers format, and a check that such files load back.
 * tfjs is imported on demand: the page itself runs no tensors, and a check loads it once, on its cpu backend.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs-core';

/** model.json for `artifacts`, its weights manifest pointing at one shard, `weights.bin`. */
export function modelJson(artifacts: io.ModelArtifacts): string {
  return JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  });
}

/** weights.bin: the weight data as one buffer (tfjs may hand back several). */
export function weightsBin(artifacts: io.ModelArtifacts): ArrayBuffer {
  const data = artifacts.weightData;
  if (data === undefined) return new ArrayBuffer(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}

export interface LoadedModelInfo {
  params: number;
  /** e.g. [null, 32, 32, 3] */
  inputShape: (number | null)[];
  embeddingDim: number;
  /** L2 norm of the embedding of a mid-gray image: finite means the weights are usable. */
  probeNorm: number;
}

/**
 * Loads model.json + weights.bin picked by the user, runs one mid-gray image through it, and disposes everything.
 * Rejects with tfjs's message when the files do not match (wrong shard name, truncated weights).
 */
export async function checkModelFiles(files: readonly File[]): Promise<LoadedModelInfo> {
  const json = files.find((f) => f.name.endsWith('.json'));
  const bins = files.filter((f) => f.name.endsWith('.bin'));
  if (!json || bins.length === 0) throw new Error('Pick both files: model.json and weights.bin.');
  const tf = await import('@tensorflow/tfjs');
  // A pretrained-backbone model carries the FaceResNet layer: importing it registers the class with tfjs.
  await import('../../../model/pretrained/faceResNet');
  // Main thread: the cpu backend, so the check needs no GPU context and leaves the training worker alone.
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(tf.io.browserFiles([json, ...bins]));
  try {
    const inputShape = (model.inputs[0]?.shape ?? []) as (number | null)[];
    const output = model.outputs[0]?.shape ?? [];
    const probe = tf.tidy(() => {
      const x = tf.fill([1, ...inputShape.slice(1).map((d) => d ?? 1)], 0.5);
      const y = model.predict(x) as Tensor;
      return tf.norm(y);
    });
    const probeNorm = (await probe.data())[0] ?? Number.NaN;
    probe.dispose();
    return { params: model.countParams(), inputShape, embeddingDim: Number(output[output.length - 1] ?? 0), probeNorm };
  } finally {
    model.dispose();
  }
}
