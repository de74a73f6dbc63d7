/**
 * The trained network as the two files of the tfjs layers format (model.json, weights.bin), and the pick of such
 * files for a check. Pure: types only from tfjs, so the page can write the files without loading it.
 */
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

/**
 * The files of a pick in the order tfjs's browserFiles wants: the model.json first, then the weight shards.
 * @throws when the pick lacks either kind
 */
export function modelFileSet<F extends { name: string }>(files: readonly F[]): F[] {
  const json = files.find((f) => f.name.endsWith('.json'));
  const bins = files.filter((f) => f.name.endsWith('.bin'));
  if (!json || bins.length === 0) throw new Error('Pick both files: model.json and weights.bin.');
  return [json, ...bins];
}
