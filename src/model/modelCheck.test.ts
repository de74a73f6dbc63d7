import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { saveModelArtifacts, weightBytes } from './artifacts';
import { checkModelFiles } from './modelCheck';

/** Node has Blob and File but no FileReader, which tfjs's browserFiles reads with (a worker has one). */
class BlobFileReader {
  result: string | ArrayBuffer | null = null;
  onload: ((event: { target: BlobFileReader }) => void) | null = null;
  onerror: ((error: unknown) => void) | null = null;
  readAsText(blob: Blob): void {
    void blob.text().then((t) => this.done(t), this.onerror);
  }
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((b) => this.done(b), this.onerror);
  }
  private done(result: string | ArrayBuffer): void {
    this.result = result;
    this.onload?.({ target: this });
  }
}

/** W [4 × 3] and b [3] of a dense layer, as float64 rows. */
const W = [
  [0.5, -1, 0.25],
  [1, 0.5, -0.75],
  [-0.25, 2, 1],
  [0.125, 0, -0.5],
];
const B = [0.1, -0.2, 0.3];

let files: File[] = [];

beforeAll(async () => {
  vi.stubGlobal('FileReader', BlobFileReader);
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
  const [w, b] = [tf.tensor2d(W), tf.tensor1d(B)];
  model.setWeights([w, b]);
  w.dispose();
  b.dispose();
  const artifacts = await saveModelArtifacts(model);
  model.dispose();
  const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }];
  files = [
    new File([JSON.stringify({ modelTopology: artifacts.modelTopology, weightsManifest: manifest })], 'model.json'),
    new File([weightBytes(artifacts)], 'weights.bin'),
  ];
});

afterAll(() => vi.unstubAllGlobals());

describe('checkModelFiles', () => {
  it('loads exported files back: parameters, shapes and the norm of a mid-gray input against a float64 loop', async () => {
    const baseline = tf.memory().numTensors;
    const info = await checkModelFiles(files);
    // y = 0.5 · Σ_i W[i] + b, ‖y‖₂
    const y = B.map((bj, j) => bj + 0.5 * W.reduce((s, row) => s + row[j]!, 0));
    expect(info.params).toBe(4 * 3 + 3);
    expect(info.inputShape).toEqual([null, 4]);
    expect(info.embeddingDim).toBe(3);
    expect(info.probeNorm).toBeCloseTo(Math.hypot(...y), 6);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it("rejects with tfjs's message when the files do not match, and leaks nothing", async () => {
    const baseline = tf.memory().numTensors;
    const [json, bin] = files as [File, File];
    await expect(checkModelFiles([json, new File([bin], 'other.bin')])).rejects.toThrow(
      "Weight file with basename 'weights.bin' is not provided.",
    );
    await expect(
      checkModelFiles([json, new File([(await bin.arrayBuffer()).slice(0, 20)], 'weights.bin')]),
    ).rejects.toThrow("The weight files hold 20 bytes, but model.json's weights need 60.");
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
