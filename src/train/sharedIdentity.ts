/**
 * Identity (tf.clone) on wasm without a copy. tfjs records every tensor a gradient needs by cloning it, and
 * tfjs-backend-wasm 4.22's Identity copies the data in JavaScript; the standard network's step made ~500 such copies
 * (~20 ms of its serial time). Tensors are immutable and the wasm backend counts references, so the clone can share
 * the input's buffer, as the cpu and WebGL backends' Identity does.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

let registered = false;

/** Replaces the wasm backend's Identity (strings keep the stock kernel). Once; later calls do nothing. */
export function registerSharedIdentity(): void {
  if (registered) return;
  const stock = tf.getKernel(tf.Identity, 'wasm');
  if (!stock) return; // the wasm backend is not loaded
  registered = true;
  const kernelFunc: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock.kernelFunc(args);
    (args.backend as KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc });
}
