/**
 * Ranks tfjs backends by the hardware behind them, not by whether they initialise (docs/wasmTraining.md).
 * Pure: takes what the probes found and returns the order to try, with a reason for everything passed over.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  isFallbackAdapter: boolean;
}

/** What a probe learnt about one backend before any of them is initialised. */
export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** True when the "GPU" is a CPU emulation (SwiftShader, llvmpipe, a fallback adapter). */
  software: boolean;
  /** Human-readable: the adapter or renderer, or why the backend is unavailable. */
  detail: string;
  adapter?: AdapterInfo;
}

export interface PassedOver {
  name: string;
  reason: string;
}

export interface BackendPlan {
  /** Backends to try, best first. */
  order: BackendName[];
  /** Backends left out of `order` or ranked after a better one, with why. */
  demoted: PassedOver[];
}

/** Rank of a probe, lower is better: real GPUs, then wasm and cpu, then emulated GPUs (measured 50–90× slower). */
function rank(p: BackendProbe): number {
  if (p.name === 'webgpu' && !p.software) return 0;
  if (p.name === 'webgl' && !p.software) return 1;
  if (p.name === 'wasm') return 2;
  if (p.name === 'cpu') return 3;
  return p.name === 'webgpu' ? 4 : 5;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/** True when a WebGL renderer string or WebGPU adapter text names a CPU emulation. */
export function isSoftwareRenderer(text: string): boolean {
  return SOFTWARE_RENDERER.test(text);
}

/**
 * The order to try backends in. A forced backend (`?backend=NAME`) is tried alone: the user asked for it, so it is
 * not silently replaced; its failure is reported instead.
 */
export function planBackends(probes: BackendProbe[], forced?: BackendName): BackendPlan {
  const demoted: PassedOver[] = [];
  if (forced) {
    for (const p of probes) {
      if (p.name !== forced) demoted.push({ name: p.name, reason: `not tried: ?backend=${forced} forces ${forced}` });
    }
    return { order: [forced], demoted };
  }
  const usable = probes.filter((p) => {
    if (!p.available) demoted.push({ name: p.name, reason: `unavailable: ${p.detail}` });
    return p.available;
  });
  usable.sort((a, b) => rank(a) - rank(b));
  return { order: usable.map((p) => p.name), demoted };
}

/** Why `loser` ranks below `winner`, in words for the UI. */
export function whyBelow(loser: BackendProbe, winner: BackendName): string {
  if (loser.software) {
    return `software emulation (${loser.detail}): about 50–90× slower than ${winner} on this CPU`;
  }
  return `${winner} ranks higher on this hardware`;
}

/** Parses `?backend=NAME`; anything else is ignored with a console warning. */
export function forcedBackendFrom(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  if (value === null) return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  console.warn(`?backend=${value} is not one of ${BACKEND_NAMES.join(', ')}; choosing automatically.`);
  return undefined;
}
