/**
 * The only module that chooses the tfjs backend. It probes what hardware stands behind WebGPU and WebGL, ranks
 * (backendRank.ts), initialises the best one that works, registers the lab's training kernels, and reports what it
 * chose, why, and why each higher-ranked backend was passed over. Runs in the page, in a worker, or in Node.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerBatchNormTraining } from '../model/batchNormTraining';
import { registerBatchNormGradient } from './batchNormGradient';
import { registerConvGradientKernels } from './convGradientKernels';
import { registerFusedAdam } from './fusedAdam';
import { registerLeadingReductions } from './leadingReductions';
import { registerReductionGradients } from './reductionGradients';
import { registerSharedIdentity } from './sharedIdentity';
import { wasmThreadsFor } from './wasmThreads';
import {
  isSoftwareRenderer,
  planBackends,
  whyBelow,
  type AdapterInfo,
  type BackendName,
  type BackendProbe,
  type PassedOver,
} from './backendRank';
import { errorText } from '../common/errorText';

export type { AdapterInfo, BackendName, PassedOver } from './backendRank';
export { forcedBackendFrom } from './backendRank';

/** What `window.__lab.backend()` returns. */
export interface BackendReport {
  name: BackendName;
  adapter?: AdapterInfo;
  passedOver: PassedOver[];
  /** One line for the badge, e.g. "WebGPU · NVIDIA (ampere)" or "wasm · 1 thread". */
  label: string;
  /** Why this one: the rule that picked it. */
  reason: string;
  /** True when a real GPU does the work. */
  gpu: boolean;
  forced: boolean;
  /** wasm only: the threads XNNPACK really runs with (1 when the threaded build could not start). */
  threads?: number;
}

export interface SelectOptions {
  forced?: BackendName;
  /** Absolute URLs of the three tfjs-backend-wasm binaries, served by the app itself (no CDN). */
  wasmPaths?: Record<string, string>;
  /**
   * wasm threads (XNNPACK's pool, the calling thread included); default `wasmThreadsFor(hardwareConcurrency)`, the
   * count for a light network (the page asks for the count that suits the network it trains: wasmThreads.ts).
   */
  wasmThreads?: number;
}

/**
 * The threaded build needs SharedArrayBuffer, which exists only in a cross-origin-isolated context (COOP + COEP,
 * vite.config.ts). Its pthreads can start from the bundled training worker thanks to scripts/wasmPthreadScript.ts.
 */
function configureWasmThreads(requested: number): void {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (requested > 1 && isolated) setThreadsCount(requested);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

interface GpuLike {
  requestAdapter(): Promise<
    | (null | {
        info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
        isFallbackAdapter?: boolean;
      })
    | null
  >;
}

async function probeWebGpu(): Promise<BackendProbe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { name: 'webgpu', available: false, software: false, detail: 'navigator.gpu is missing' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { name: 'webgpu', available: false, software: false, detail: 'no WebGPU adapter' };
    const info = adapter.info ?? {};
    const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
    const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || isSoftwareRenderer(text);
    const described = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
    return {
      name: 'webgpu',
      available: true,
      software: isFallbackAdapter,
      detail: isSoftwareRenderer(text) ? `${described}, CPU emulation` : described,
      adapter: { vendor: info.vendor ?? '', architecture: info.architecture ?? '', isFallbackAdapter },
    };
  } catch (error) {
    return { name: 'webgpu', available: false, software: false, detail: `requestAdapter failed: ${String(error)}` };
  }
}

function probeWebGl(): BackendProbe {
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined'
        ? document.createElement('canvas')
        : null;
  if (!canvas) return { name: 'webgl', available: false, software: false, detail: 'no canvas in this context' };
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { name: 'webgl', available: false, software: false, detail: 'WebGL2 context refused' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { name: 'webgl', available: true, software: isSoftwareRenderer(renderer), detail: renderer };
}

async function probeAll(): Promise<BackendProbe[]> {
  const inBrowser =
    typeof navigator !== 'undefined' &&
    typeof (globalThis as { window?: unknown; self?: unknown }).self !== 'undefined';
  const webgpu = inBrowser
    ? await probeWebGpu()
    : { name: 'webgpu' as const, available: false, software: false, detail: 'not a browser' };
  const webgl = inBrowser
    ? probeWebGl()
    : { name: 'webgl' as const, available: false, software: false, detail: 'not a browser' };
  return [
    webgpu,
    webgl,
    { name: 'wasm', available: true, software: false, detail: 'WebAssembly with SIMD (XNNPACK)' },
    { name: 'cpu', available: true, software: false, detail: 'plain JavaScript' },
  ];
}

/** A backend that starts but computes wrongly (a broken driver) must not be used: check one known product. */
async function computesCorrectly(): Promise<string | null> {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
  try {
    const values = Array.from(await product.data());
    return values.join() === '19,22,43,50'
      ? null
      : `computed [${values.join(', ')}] for a known product [19, 22, 43, 50]`;
  } finally {
    product.dispose();
  }
}

/** Initialises one backend; resolves to an error message, or null on success. */
async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    // setBackend can report success and then fall back silently during ready(): check what is really active.
    if (tf.getBackend() !== name) return `initialised as ${tf.getBackend()} instead`;
    if (name === 'wasm' || name === 'cpu') {
      registerConvGradientKernels(name);
      registerFusedAdam(name);
    }
    if (name === 'wasm') {
      registerSharedIdentity();
      registerLeadingReductions();
      registerBatchNormTraining();
    }
    registerBatchNormGradient();
    registerReductionGradients();
    return await computesCorrectly();
  } catch (error) {
    return errorText(error);
  }
}

function label(name: BackendName, probe: BackendProbe | undefined): string {
  switch (name) {
    case 'webgpu':
      return `WebGPU · ${probe?.software ? `${probe.adapter?.architecture || 'software'} (CPU emulation)` : (probe?.detail ?? 'GPU')}`;
    case 'webgl':
      return `WebGL · ${probe?.software ? 'SwiftShader (CPU emulation)' : (probe?.detail ?? 'GPU')}`;
    case 'wasm':
      return `wasm · CPU, ${wasmThreads()} thread${wasmThreads() === 1 ? '' : 's'}`;
    case 'cpu':
      return 'cpu · plain JavaScript (slowest)';
  }
}

/** The threads XNNPACK really runs with (the backend's own count, read after it started). */
function wasmThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/**
 * Chooses, initialises and reports the backend. With `forced`, only that backend is tried and a failure throws with
 * the reason, since silently training elsewhere would mislead a comparison.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendReport> {
  if (options.wasmPaths) setWasmPaths(options.wasmPaths);
  configureWasmThreads(options.wasmThreads ?? wasmThreadsFor(globalThis.navigator?.hardwareConcurrency));
  const probes = await probeAll();
  const plan = planBackends(probes, options.forced);
  const failed: PassedOver[] = [];
  for (const name of plan.order) {
    const error = await tryBackend(name);
    if (error !== null) {
      failed.push({ name, reason: `failed to start: ${error}` });
      continue;
    }
    const probe = probes.find((p) => p.name === name);
    const below = probes
      .filter((p) => p.available && p.name !== name && plan.order.indexOf(p.name) > plan.order.indexOf(name))
      .map((p) => ({ name: p.name, reason: whyBelow(p, name) }));
    const webgpuAdapter = probes.find((p) => p.name === 'webgpu')?.adapter;
    const gpu = (name === 'webgpu' || name === 'webgl') && !probe?.software;
    return {
      name,
      // The WebGPU adapter is reported even when another backend won, so a user sees why (e.g. a fallback adapter).
      ...(webgpuAdapter ? { adapter: webgpuAdapter } : {}),
      passedOver: [...failed, ...plan.demoted, ...(options.forced ? [] : below)],
      label: label(name, probe),
      reason: options.forced
        ? `forced by ?backend=${name}`
        : gpu
          ? 'a real GPU is available'
          : 'no real GPU found: the fastest CPU path',
      gpu,
      forced: options.forced !== undefined,
      ...(name === 'wasm' ? { threads: wasmThreads() } : {}),
    };
  }
  throw new Error(`No backend could start: ${failed.map((f) => `${f.name} (${f.reason})`).join('; ')}`);
}

/** tfjs's WebGPU device, when webgpu is the backend. */
export function gpuDevice(): { destroy(): void; lost: Promise<{ message: string; reason?: string }> } | null {
  const backend = tf.findBackend('webgpu') as unknown as {
    device?: { destroy(): void; lost: Promise<{ message: string; reason?: string }> };
  } | null;
  return backend?.device ?? null;
}
