import { describe, expect, it } from 'vitest';
import { forcedBackendFrom, isSoftwareRenderer, planBackends, type BackendProbe } from './backendRank';

const probe = (name: BackendProbe['name'], available: boolean, software = false, detail = ''): BackendProbe => ({
  name,
  available,
  software,
  detail,
});

describe('planBackends', () => {
  it('puts a real WebGPU adapter first, then real WebGL, then wasm and cpu', () => {
    const plan = planBackends([probe('cpu', true), probe('wasm', true), probe('webgl', true), probe('webgpu', true)]);
    expect(plan.order).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(plan.demoted).toEqual([]);
  });

  it('ranks emulated GPUs (this machine: SwiftShader) below wasm and cpu', () => {
    const plan = planBackends([
      probe('webgpu', true, true, 'google swiftshader'),
      probe('webgl', true, true, 'SwiftShader'),
      probe('wasm', true),
      probe('cpu', true),
    ]);
    expect(plan.order).toEqual(['wasm', 'cpu', 'webgpu', 'webgl']);
  });

  it('keeps a real WebGL above wasm when WebGPU is emulated', () => {
    const plan = planBackends([
      probe('webgpu', true, true),
      probe('webgl', true, false),
      probe('wasm', true),
      probe('cpu', true),
    ]);
    expect(plan.order.slice(0, 2)).toEqual(['webgl', 'wasm']);
  });

  it('drops unavailable backends with the probe detail as the reason', () => {
    const plan = planBackends([
      probe('webgpu', false, false, 'no WebGPU adapter'),
      probe('wasm', true),
      probe('cpu', true),
    ]);
    expect(plan.order).toEqual(['wasm', 'cpu']);
    expect(plan.demoted).toEqual([{ name: 'webgpu', reason: 'unavailable: no WebGPU adapter' }]);
  });

  it('tries only the forced backend, even an emulated one', () => {
    const plan = planBackends([probe('webgpu', true, true), probe('wasm', true)], 'webgpu');
    expect(plan.order).toEqual(['webgpu']);
    expect(plan.demoted.map((d) => d.name)).toEqual(['wasm']);
  });
});

describe('isSoftwareRenderer', () => {
  it('recognises the emulators and not real GPUs', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
    expect(isSoftwareRenderer('nvidia hopper')).toBe(false);
  });
});

describe('forcedBackendFrom', () => {
  it('reads ?backend= and ignores unknown names', () => {
    expect(forcedBackendFrom('?backend=webgl')).toBe('webgl');
    expect(forcedBackendFrom('?x=1')).toBeUndefined();
    expect(forcedBackendFrom('?backend=tpu')).toBeUndefined();
  });
});
