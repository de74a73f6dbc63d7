/**
 * Adam as one kernel per variable on the CPU backends (wasm, cpu).
 *
 * tfjs's Adam runs ~14 elementwise kernels per variable (mul, add, square, div, sqrt …) and uploads a scalar for each
 * number it multiplies by: for the standard network's 50 variables, ~700 kernel calls a step, more than its forward and
 * backward passes together. On wasm each call pays the engine's bookkeeping, and XNNPACK's binary kernels wake the
 * thread pool even for a 64-float bias, so with threads they got slower (docs/wasmTraining.md). Here one pass over
 * each variable reads x, g, m, v and writes fresh x′, m′, v′ (fresh, since tfjs may share a variable's buffer with its
 * clones), in the same formula and state layout as tf.train.adam, so checkpoints and getWeights/setWeights carry over.
 * GPU backends keep tfjs's Adam, whose kernels run in parallel on the device.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

export const FUSED_ADAM = 'LabFusedAdam';

export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ, t the 1-based step: Adam's bias corrections. */
  correction1: number;
  correction2: number;
}

/** One Adam step over flat arrays: m′ = β₁m + (1−β₁)g, v′ = β₂v + (1−β₂)g², x′ = x − lr·(m′/c₁)/(√(v′/c₂) + ε). */
export function adamStep(
  x: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: { x: Float32Array; m: Float32Array; v: Float32Array },
  a: AdamAttrs,
): void {
  const { beta1, beta2, epsilon, correction1, correction2 } = a;
  const rate = -a.learningRate;
  const [keep1, keep2] = [1 - beta1, 1 - beta2];
  const { x: ox, m: om, v: ov } = out;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + keep1 * gi;
    const vi = beta2 * v[i]! + keep2 * gi * gi;
    om[i] = mi;
    ov[i] = vi;
    ox[i] = x[i]! + (rate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
  }
}

interface Views {
  /** A float32 input's values, read in place. */
  read(info: TensorInfo): Float32Array;
  /** A fresh float32 output of `shape` and a view to fill it through. */
  make(shape: number[]): TensorInfo;
  view(info: TensorInfo): Float32Array;
}

/** The wasm backend keeps tensors on its heap; views are taken after every allocation (an allocation may grow it). */
function wasmViews(backend: KernelBackend): Views {
  const b = backend as unknown as {
    makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
    typedArrayFromHeap(info: TensorInfo): Float32Array;
  };
  return {
    read: (i) => b.typedArrayFromHeap(i),
    make: (s) => b.makeOutput(s, 'float32'),
    view: (i) => b.typedArrayFromHeap(i),
  };
}

function cpuViews(backend: KernelBackend): Views {
  const b = backend as unknown as {
    data: { get(id: object): { values: Float32Array } };
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  };
  const values = (i: TensorInfo) => b.data.get(i.dataId).values;
  return {
    read: values,
    make: (s) => b.makeTensorInfo(s, 'float32', new Float32Array(tf.util.sizeFromShape(s))),
    view: values,
  };
}

const REGISTERED = new Set<string>();

/** Registers the fused Adam kernel for `name`, once. */
export function registerFusedAdam(name: 'wasm' | 'cpu'): void {
  if (REGISTERED.has(name)) return;
  REGISTERED.add(name);
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, g, m, v } = inputs as Record<'x' | 'g' | 'm' | 'v', TensorInfo>;
    const views = name === 'wasm' ? wasmViews(backend as KernelBackend) : cpuViews(backend as KernelBackend);
    const outs = [views.make(x.shape), views.make(x.shape), views.make(x.shape)] as const;
    const out = { x: views.view(outs[0]), m: views.view(outs[1]), v: views.view(outs[2]) };
    adamStep(views.read(x), views.read(g), views.read(m), views.read(v), out, attrs as unknown as AdamAttrs);
    return [...outs];
  };
  tf.registerKernel({ kernelName: FUSED_ADAM, backendName: name, kernelFunc });
}

/** tf.AdamOptimizer's fields this class drives (private in tfjs's typings, stable since tfjs 1.x). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/** tf.train.adam with each variable's update fused into one kernel where the backend has it (wasm, cpu). */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(grads: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(FUSED_ADAM, tf.getBackend())) {
      super.applyGradients(grads);
      return;
    }
    const s = this as unknown as AdamState;
    const named: { name: string; tensor: tf.Tensor | undefined }[] = Array.isArray(grads)
      ? grads
      : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    // accBeta1 = β₁^(t+1) before this update, as tfjs keeps it (and restores it in setWeights).
    const t = this.iterations + 1;
    const attrs: AdamAttrs = {
      learningRate: s.learningRate,
      beta1: s.beta1,
      beta2: s.beta2,
      epsilon: s.epsilon,
      correction1: 1 - Math.pow(s.beta1, t),
      correction2: 1 - Math.pow(s.beta2, t),
    };
    tf.tidy(() => {
      named.forEach(({ name, tensor: g }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Slots by position, named `${name}/m` and `${name}/v`, exactly as tfjs's Adam makes them.
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.zerosLike(value).variable(false) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.zerosLike(value).variable(false) };
        if (g == null) return;
        const [m, v] = [s.accumulatedFirstMoment[i].variable, s.accumulatedSecondMoment[i].variable];
        const inputs = { x: value, g, m, v } as unknown as tf.NamedTensorMap;
        const [x1, m1, v1] = tf.engine().runKernel(FUSED_ADAM, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor[];
        m.assign(m1!);
        v.assign(v1!);
        value.assign(x1!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}
