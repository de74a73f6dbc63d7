/**
 * Batch norm in training mode as one kernel forward and one backward, on the wasm backend.
 *
 * tfjs-layers normalises a training batch with tf.moments and tf.batchNorm: six kernels forward, and a backward pass
 * through each of them (the moments' Mean, Sub and Square gradients, batch norm's own, a ones tensor per Mean): about
 * twenty full passes over every activation for each of the standard network's 16 layers, each kernel a meeting of the
 * XNNPACK threads. The closed form needs two passes each way. Over NHWC activations, per channel (N = B·H·W rows):
 *   μ = Σx/N, σ² = Σ(x − μ)²/N (biased, as tf.moments), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β;
 *   dβ = Σdy, dγ = Σdy·x̂, dx = γ/(N·√(σ² + ε))·(N·dy − dβ − x̂·dγ) + dμ/N + dσ²·2(x − μ)/N,
 * the last two terms for gradients that reach the batch's μ and σ² directly (zero in a layer, which only keeps them
 * for its moving averages). Sums are float64. TrainingBatchNorm (trainingBatchNormLayer.ts) calls this kernel where
 * it is registered and tfjs's path everywhere else.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

export const BATCH_NORM_TRAINING = 'LabBatchNormTraining';
const BATCH_NORM_TRAINING_GRAD = 'LabBatchNormTrainingGrad';

interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** Per-channel μ and σ² of x read as [rows, C], and y = γ·(x − μ)/√(σ² + ε) + β. */
export function batchNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array },
): void {
  const C = gamma.length;
  const rows = x.length / C;
  const sum = new Float64Array(C);
  for (let i = 0; i < x.length; i += C) for (let c = 0; c < C; c++) sum[c]! += x[i + c]!;
  const mean = sum.map((s) => s / rows);
  const squares = new Float64Array(C);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const d = x[i + c]! - mean[c]!;
      squares[c]! += d * d;
    }
  }
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const variance = squares[c]! / rows;
    out.mean[c] = mean[c]!;
    out.variance[c] = variance;
    scale[c] = gamma[c]! / Math.sqrt(variance + epsilon);
    shift[c] = beta[c]! - mean[c]! * scale[c]!;
  }
  const { y } = out;
  for (let i = 0; i < x.length; i += C) for (let c = 0; c < C; c++) y[i + c] = x[i + c]! * scale[c]! + shift[c]!;
}

/** dx, dγ, dβ of batchNormForward for dy (and dμ, dσ² for its other two outputs). */
export function batchNormBackward(
  dy: Float32Array,
  x: Float32Array,
  saved: {
    mean: Float32Array;
    variance: Float32Array;
    gamma: Float32Array;
    dMean: Float32Array;
    dVariance: Float32Array;
  },
  epsilon: number,
  out: { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array },
): void {
  const { mean, variance, gamma, dMean, dVariance } = saved;
  const C = gamma.length;
  const rows = x.length / C;
  const sumDy = new Float64Array(C);
  const sumDyCentred = new Float64Array(C);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const g = dy[i + c]!;
      sumDy[c]! += g;
      sumDyCentred[c]! += g * (x[i + c]! - mean[c]!);
    }
  }
  // dx = a·dy + b·(x − μ) + k, per channel.
  const a = new Float64Array(C);
  const b = new Float64Array(C);
  const k = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const inv = 1 / Math.sqrt(variance[c]! + epsilon);
    const dGamma = sumDyCentred[c]! * inv;
    out.dBeta[c] = sumDy[c]!;
    out.dGamma[c] = dGamma;
    a[c] = gamma[c]! * inv;
    b[c] = (-gamma[c]! * inv * inv * dGamma) / rows + (2 * dVariance[c]!) / rows;
    k[c] = (-gamma[c]! * inv * sumDy[c]!) / rows + dMean[c]! / rows - b[c]! * mean[c]!;
  }
  const { dx } = out;
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) dx[i + c] = a[c]! * dy[i + c]! + b[c]! * x[i + c]! + k[c]!;
  }
}

const gradConfig: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [dy, dMean, dVariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved as tf.Tensor[];
    // Computed here, not in the closures: tfjs runs each closure in a tidy of its own, which would free the other two
    // results; made here they live in the backward pass's scope, which frees whichever is not asked for.
    const [dx, dGamma, dBeta] = tf
      .engine()
      .runKernel(
        BATCH_NORM_TRAINING_GRAD,
        { dy: dy!, x: x!, gamma: gamma!, mean: mean!, variance: variance!, dMean: dMean!, dVariance: dVariance! },
        attrs,
      ) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
  },
};

let registered = false;

/** Registers the two kernels and the gradient on wasm, once; other backends keep tfjs-layers' path. */
export function registerBatchNormTraining(): void {
  if (registered || !tf.findBackend('wasm')) return;
  registered = true;
  const forward: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
    const heap = backend as KernelBackend & HeapBackend;
    const C = gamma.shape[0]!;
    const outs = [
      heap.makeOutput(x.shape, 'float32'),
      heap.makeOutput([C], 'float32'),
      heap.makeOutput([C], 'float32'),
    ];
    const view = (info: TensorInfo) => heap.typedArrayFromHeap(info);
    const out = { y: view(outs[0]!), mean: view(outs[1]!), variance: view(outs[2]!) };
    batchNormForward(view(x), view(gamma), view(beta), (attrs as { epsilon: number }).epsilon, out);
    return outs;
  };
  const backward: KernelFunc = ({ inputs, backend, attrs }) => {
    const t = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'dMean' | 'dVariance', TensorInfo>;
    const heap = backend as KernelBackend & HeapBackend;
    const C = t.gamma.shape[0]!;
    const outs = [
      heap.makeOutput(t.x.shape, 'float32'),
      heap.makeOutput([C], 'float32'),
      heap.makeOutput([C], 'float32'),
    ];
    const view = (info: TensorInfo) => heap.typedArrayFromHeap(info);
    const saved = {
      mean: view(t.mean),
      variance: view(t.variance),
      gamma: view(t.gamma),
      dMean: view(t.dMean),
      dVariance: view(t.dVariance),
    };
    const out = { dx: view(outs[0]!), dGamma: view(outs[1]!), dBeta: view(outs[2]!) };
    batchNormBackward(view(t.dy), view(t.x), saved, (attrs as { epsilon: number }).epsilon, out);
    return outs;
  };
  tf.registerKernel({ kernelName: BATCH_NORM_TRAINING, backendName: 'wasm', kernelFunc: forward });
  tf.registerKernel({ kernelName: BATCH_NORM_TRAINING_GRAD, backendName: 'wasm', kernelFunc: backward });
  tf.registerGradient(gradConfig);
}
