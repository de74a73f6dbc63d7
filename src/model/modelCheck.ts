/**
 * Loads a network picked as model.json + weight files and runs one mid-gray image through it: proof that exported
 * files load back. Runs in the model-check worker (workers/modelCheckWorker.ts), never on the page.
 */
import * as tf from '@tensorflow/tfjs';
// A pretrained-backbone model carries the FaceResNet layer: importing the module registers the class with tfjs.
import './pretrained/faceResNet';

export interface LoadedModelInfo {
  params: number;
  /** e.g. [null, 32, 32, 3] */
  inputShape: (number | null)[];
  embeddingDim: number;
  /** L2 norm of the embedding of a mid-gray image: finite means the weights are usable. */
  probeNorm: number;
}

/** Bytes per stored element of each dtype a weights manifest may name. */
const BYTES: Partial<Record<string, number>> = { float32: 4, int32: 4, uint16: 2, float16: 2, uint8: 1, bool: 1 };

/**
 * Refuses weight files of the wrong size before the network is built: tfjs would build it, fail on the first short
 * tensor and leave its variables behind.
 */
function checkWeightBytes(artifacts: tf.io.ModelArtifacts): void {
  const data = artifacts.weightData;
  if (!artifacts.weightSpecs || data === undefined) return;
  let want = 0;
  for (const spec of artifacts.weightSpecs) {
    const bytes = BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (bytes === undefined) return; // strings and the like: left to tfjs
    want += bytes * spec.shape.reduce((a, b) => a * b, 1);
  }
  const got = (Array.isArray(data) ? data : [data]).reduce((s, part) => s + part.byteLength, 0);
  if (got !== want) throw new Error(`The weight files hold ${got} bytes, but model.json's weights need ${want}.`);
}

/**
 * @param files model.json first, then its weight files (export/modelFiles.ts `modelFileSet`)
 * Rejects with tfjs's message when the files do not match (a missing shard, a wrong name), with one that gives
 * both sizes for weight files of the wrong length. Disposes everything it makes.
 */
export async function checkModelFiles(files: readonly File[]): Promise<LoadedModelInfo> {
  const handler = tf.io.browserFiles([...files]);
  if (!handler.load) throw new Error('tfjs cannot read picked files here.');
  const artifacts = await handler.load();
  checkWeightBytes(artifacts);
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  try {
    const inputShape = (model.inputs[0]?.shape ?? []) as (number | null)[];
    const output = model.outputs[0]?.shape ?? [];
    const probe = tf.tidy(() => {
      const x = tf.fill([1, ...inputShape.slice(1).map((d) => d ?? 1)], 0.5);
      return tf.norm(model.predict(x) as tf.Tensor);
    });
    const probeNorm = (await probe.data())[0] ?? Number.NaN;
    probe.dispose();
    return { params: model.countParams(), inputShape, embeddingDim: Number(output[output.length - 1] ?? 0), probeNorm };
  } finally {
    model.dispose();
  }
}
