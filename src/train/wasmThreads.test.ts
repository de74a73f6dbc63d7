import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINER_SETTINGS } from './settings';
import { HEAVY_STEP_FLOPS, forcedThreadsFrom, stepFlopsOf, wasmThreadsFor } from './wasmThreads';
import { patchTfjsWasm } from '../../scripts/wasmPthreadScript';

const PACKAGE = 'node_modules/@tensorflow/tfjs-backend-wasm';
const read = (file: string): string => readFileSync(`${PACKAGE}/${file}`, 'utf8');

describe('wasm threads', () => {
  it('uses cores − 1 threads, 1 to 8, and for a heavy step both of 2 cores', () => {
    const cores = [undefined, 0, 1, 2, 3, 4, 8, 16];
    expect(cores.map((n) => wasmThreadsFor(n))).toEqual([1, 1, 1, 1, 2, 3, 7, 8]);
    expect(cores.map((n) => wasmThreadsFor(n, HEAVY_STEP_FLOPS))).toEqual([2, 1, 1, 2, 2, 3, 7, 8]);
    expect(wasmThreadsFor(2, HEAVY_STEP_FLOPS - 1)).toBe(1);
  });

  it('counts a step as 3 forward passes of P·K images, 1 with a frozen backbone', () => {
    const settings = DEFAULT_TRAINER_SETTINGS;
    // model/cost.test.ts checks the forward count against hand counts; here only how a step scales it.
    const forward = stepFlopsOf({ ...settings, P: 1, K: 1 }) / 3;
    expect(stepFlopsOf(settings)).toBe(3 * forward * 32);
    const frozen = { ...settings.model, backbone: 'resnet34Frozen' as const };
    const tuned = { ...settings.model, backbone: 'resnet34FineTuned' as const };
    expect(stepFlopsOf({ ...settings, model: tuned })).toBe(3 * stepFlopsOf({ ...settings, model: frozen }));
    // Where the bench measured: tiny 32², B = 32 below the threshold (threads 0.66–0.80×), standard 64² B = 32 above
    // (1.37×), each by more than 10×.
    expect(stepFlopsOf(settings)).toBeLessThan(HEAVY_STEP_FLOPS / 10);
    const standard = { ...settings.model, preset: 'standard' as const, inputSize: 64 };
    expect(stepFlopsOf({ ...settings, model: standard })).toBeGreaterThan(HEAVY_STEP_FLOPS * 10);
  });

  it('takes ?threads=N from the address when N is a whole number from 1 to 8', () => {
    expect(forcedThreadsFrom('?threads=2')).toBe(2);
    expect(forcedThreadsFrom('?backend=wasm&threads=8')).toBe(8);
    expect(forcedThreadsFrom('')).toBeUndefined();
    for (const bad of ['0', '9', '1.5', 'two']) expect(forcedThreadsFrom(`?threads=${bad}`)).toBeUndefined();
  });

  it('hands the pthreads the untouched Emscripten script instead of a minified factory.toString()', () => {
    const id = `/x/${PACKAGE}/dist/backend_wasm.js`;
    const source = read('dist/backend_wasm.js');
    expect(source).toContain('wasmFactoryThreadedSimd.toString()');
    const built = patchTfjsWasm(source, id)!;
    expect(built).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(built.split('\n')[0]).toBe(
      "import pthreadScript from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';",
    );
    expect(built).toContain('factoryConfig.mainScriptUrlOrBlob = new URL(pthreadScript, self.location.href).href;');
    const dev = patchTfjsWasm(source, id, true)!;
    expect(dev.split('\n')[0]).toBe(
      "const pthreadScript = '/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';",
    );
  });

  it('lifts the C++ side’s halving of the core count, and only there', () => {
    const id = `/x/${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.js`;
    const source = read('wasm-out/tfjs-backend-wasm-threaded-simd.js');
    const built = patchTfjsWasm(source, id)!;
    expect(built.length).toBe(source.length + 2);
    expect(built).toContain(
      'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return 2*navigator["hardwareConcurrency"]}',
    );
    expect(patchTfjsWasm(source, `${id}?url`)).toBeUndefined();
    expect(
      patchTfjsWasm(read('wasm-out/tfjs-backend-wasm-simd.js'), id.replace('threaded-simd', 'simd')),
    ).toBeUndefined();
  });

  it('fails the build when a tfjs upgrade moves either line', () => {
    expect(() => patchTfjsWasm('export {}', `/x/${PACKAGE}/dist/backend_wasm.js`)).toThrow(
      /pthreads load their script/,
    );
    expect(() => patchTfjsWasm('var x', `/x/${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.js`)).toThrow(
      /emscripten_num_logical_cores/,
    );
  });
});
