/**
 * Convolution gradients written as forward convolutions, so the wasm backend (XNNPACK's fast `Conv2D`) can train CNNs.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` and a naive-loop `Conv2DBackpropInput`; the cpu backend's are
 * JavaScript loops. Both gradients are correlations, so each is one call of the backend's own forward `Conv2D` plus
 * layout kernels (docs/wasmTraining.md says how, and what was tried). NHWC, dilation 1 only;
 * anything else goes to the stock kernel. Every intermediate is released with `backend.disposeData`, since a leak here
 * shows up as a growing wasm heap rather than in `tf.memory().numTensors`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type Pair = [number, number];
type Explicit = [[number, number], [number, number], [number, number], [number, number]];
interface ConvAttrs {
  strides: number | Pair;
  pad: 'valid' | 'same' | number | Explicit;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pair = (v: number | Pair | undefined): Pair => (v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : v);

/** The backend a kernel runs on, with its name, so it can call that backend's other kernels. */
interface Ctx {
  backend: KernelBackend;
  name: string;
}

/** Calls another kernel of the same backend; the caller owns (and must dispose) the result. */
function call(ctx: Ctx, kernelName: string, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const kernel = tf.getKernel(kernelName, ctx.name);
  if (!kernel) throw new Error(`Kernel ${kernelName} missing on backend ${ctx.name}`);
  return kernel.kernelFunc({ inputs, backend: ctx.backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
}

/** Tracks intermediates of one kernel call and frees them at the end. */
function scope(backend: KernelBackend) {
  const owned: TensorInfo[] = [];
  return {
    keep<T extends TensorInfo>(info: T): T {
      owned.push(info);
      return info;
    },
    release(except?: TensorInfo): void {
      for (const info of owned) if (info !== except) backend.disposeData(info.dataId);
    },
  };
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[b,oh,ow,co].
 * As a forward conv: input x as [C_in, H, W, B], filter dy as [OH, OW, B, C_out], stride 1, dilation s.
 */
function filterGradient(x: TensorInfo, dy: TensorInfo, attrs: ConvAttrs, filterShape: number[], ctx: Ctx) {
  const [kh, kw] = filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [h, w] = [info.inHeight, info.inWidth];
  const { top, left } = info.padInfo;
  // Pad the far side just enough that the correlation reaches every filter tap; crop any excess below.
  const bottom = Math.max(0, kh - 1 + (info.outHeight - 1) * sh + 1 - h - top);
  const right = Math.max(0, kw - 1 + (info.outWidth - 1) * sw + 1 - w - left);
  const s = scope(ctx.backend);
  const xT = s.keep(call(ctx, 'Transpose', { x }, { perm: [3, 1, 2, 0] }));
  const dyT = s.keep(call(ctx, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
  const pad: Explicit = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  let corr = s.keep(
    call(ctx, 'Conv2D', { x: xT, filter: dyT }, { strides: 1, pad, dataFormat: 'NHWC', dilations: [sh, sw] }),
  );
  if (corr.shape[1] !== kh || corr.shape[2] !== kw) {
    corr = s.keep(call(ctx, 'Slice', { x: corr }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] }));
  }
  const dW = call(ctx, 'Transpose', { x: corr }, { perm: [1, 2, 0, 3] });
  s.release();
  return dW;
}

/**
 * dx[b,h,w,ci] = Σ dy_dilated[b, h + padTop − kh, w + padLeft − kw, co] · W[kh,kw,ci,co]: a stride-1 forward conv of
 * dy (zeros inserted between rows and columns when the forward stride is s) with W flipped in space and its channel
 * axes swapped, padded K − 1 − pad. Returns null when the geometry needs negative padding (stock kernel then).
 */
function inputGradient(dy: TensorInfo, filter: TensorInfo, attrs: ConvAttrs, inputShape: number[], ctx: Ctx) {
  const [kh, kw] = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [batch, h, w] = inputShape as [number, number, number, number];
  const { top, left } = info.padInfo;
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  if (padTop < 0 || padLeft < 0) return null;
  const s = scope(ctx.backend);
  let dyD = dy;
  if (sh > 1 || sw > 1) {
    const [, oh, ow, co] = dy.shape as [number, number, number, number];
    const r6 = s.keep(call(ctx, 'Reshape', { x: dy }, { shape: [batch, oh, 1, ow, 1, co] }));
    const paddings = [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ];
    const padded = s.keep(call(ctx, 'PadV2', { x: r6 }, { paddings, constantValue: 0 }));
    dyD = s.keep(call(ctx, 'Reshape', { x: padded }, { shape: [batch, oh * sh, ow * sw, co] }));
  }
  const [, hd, wd] = dyD.shape as [number, number, number, number];
  const padBottom = Math.max(0, h + kh - 1 - hd - padTop);
  const padRight = Math.max(0, w + kw - 1 - wd - padLeft);
  const swapped = flippedSwapped(filter, s, ctx);
  const pad: Explicit = [
    [0, 0],
    [padTop, padBottom],
    [padLeft, padRight],
    [0, 0],
  ];
  let dx = call(ctx, 'Conv2D', { x: dyD, filter: swapped }, { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 });
  if (dx.shape[1] !== h || dx.shape[2] !== w) {
    const cropped = call(ctx, 'Slice', { x: dx }, { begin: [0, 0, 0, 0], size: [-1, h, w, -1] });
    ctx.backend.disposeData(dx.dataId);
    dx = cropped;
  }
  s.release();
  return dx;
}

/**
 * W[kh,kw,ci,co] → W[KH−1−kh, KW−1−kw, co, ci]. Flipping both spatial axes reverses the flat tap index, so the flip is
 * a product with the anti-identity: exact (each output is 1·w plus zeros) and at memory speed in XNNPACK's GEMM, where
 * tfjs-wasm's Reverse and GatherV2 index element by element (~30 ns each, ~10× this, slower still under threads).
 */
function flippedSwapped(filter: TensorInfo, s: ReturnType<typeof scope>, ctx: Ctx): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const taps = kh * kw;
  const byTap = s.keep(call(ctx, 'Reshape', { x: filter }, { shape: [1, taps, ci, co] }));
  const swapped = s.keep(call(ctx, 'Transpose', { x: byTap }, { perm: [0, 1, 3, 2] }));
  const flat = s.keep(call(ctx, 'Reshape', { x: swapped }, { shape: [1, taps, co * ci] }));
  const anti = new Float32Array(taps * taps);
  for (let t = 0; t < taps; t++) anti[t * taps + (taps - 1 - t)] = 1;
  const reverser = s.keep({
    dataId: ctx.backend.write(anti, [1, taps, taps], 'float32'),
    shape: [1, taps, taps],
    dtype: 'float32' as const,
  });
  const flipped = s.keep(call(ctx, 'BatchMatMul', { a: reverser, b: flat }, { transposeA: false, transposeB: false }));
  return s.keep(call(ctx, 'Reshape', { x: flipped }, { shape: [kh, kw, co, ci] }));
}

const supported = (attrs: ConvAttrs): boolean =>
  (attrs.dataFormat ?? 'NHWC') === 'NHWC' && pair(attrs.dilations).every((d) => d === 1);

const REGISTERED = new Set<string>();

/**
 * Registers the two gradient kernels for `name` ('wasm' or 'cpu'), once per backend; later calls do nothing.
 * Must run after the backend is registered (importing its package) and before training.
 */
export function registerConvGradientKernels(name: 'wasm' | 'cpu'): void {
  if (REGISTERED.has(name)) return;
  REGISTERED.add(name);
  const stockFilter = tf.getKernel('Conv2DBackpropFilter', name);
  const stockInput = tf.getKernel('Conv2DBackpropInput', name);
  if (stockFilter) tf.unregisterKernel('Conv2DBackpropFilter', name);
  if (stockInput) tf.unregisterKernel('Conv2DBackpropInput', name);

  const filterFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    if (!supported(a)) {
      if (!stockFilter) throw new Error(`Conv2DBackpropFilter on ${name}: only NHWC with dilation 1 is supported`);
      return stockFilter.kernelFunc({ inputs, backend, attrs });
    }
    return filterGradient(x, dy, a, a.filterShape, { backend: backend as KernelBackend, name });
  };
  const inputFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const fast = supported(a)
      ? inputGradient(dy, filter, a, a.inputShape, { backend: backend as KernelBackend, name })
      : null;
    if (fast) return fast;
    if (!stockInput) throw new Error(`Conv2DBackpropInput on ${name}: unsupported geometry`);
    return stockInput.kernelFunc({ inputs, backend, attrs });
  };
  const configs: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName: name, kernelFunc: filterFunc },
    { kernelName: 'Conv2DBackpropInput', backendName: name, kernelFunc: inputFunc },
  ];
  for (const config of configs) tf.registerKernel(config);
}
