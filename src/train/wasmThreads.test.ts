import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wasmThreadsFor } from './backend';
import { patchTfjsWasm } from '../../scripts/wasmPthreadScript';

const PACKAGE = 'node_modules/@tensorflow/tfjs-backend-wasm';
const read = (file: string): string => readFileSync(`${PACKAGE}/${file}`, 'utf8');

describe('wasm threads', () => {
  it('uses cores − 1 threads, 1 to 8', () => {
    expect([undefined, 0, 1, 2, 3, 4, 8, 16].map(wasmThreadsFor)).toEqual([1, 1, 1, 1, 2, 3, 7, 8]);
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
