/**
 * A Vite (and Rolldown) plugin that lets tfjs-backend-wasm 4.22's threaded SIMD build run from the lab's bundled
 * training worker, with as many threads as the lab asks for. It patches two files of the package as they are bundled:
 *
 * - dist/backend_wasm.js hands each pthread its Emscripten factory as `new Blob(['var WasmBackendModuleThreadedSimd
 *   = ' + factory.toString()])`. Once bundled and minified, that function refers to names outside itself, and every
 *   pthread dies with "ReferenceError: e is not defined". Instead the untouched Emscripten script ships as an asset
 *   of its own and the pthreads get its absolute URL (they are Blob workers: a relative URL would not resolve).
 * - wasm-out/tfjs-backend-wasm-threaded-simd.js reports navigator.hardwareConcurrency to the C++ side, which halves
 *   it ("2 threads per core") and caps every thread count at that: one thread on 2 cores, whatever setThreadsCount
 *   asked. It reports twice the count, so the cap is the real core count and train/backend.ts chooses the threads.
 *
 * If a tfjs upgrade changes either line, the build fails here rather than the threads failing in users' browsers.
 */
import type { Plugin } from 'vite';

const WASM_BACKEND = /@tensorflow\/tfjs-backend-wasm\/dist\/backend_wasm\.js$/;
const THREADED_FACTORY = /@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js$/;
const PTHREAD_SCRIPT_BLOB =
  /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;
const LOGICAL_CORES = 'return navigator["hardwareConcurrency"]}';
const SCRIPT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';

/**
 * The two patches as a plain function of (source, module id), so the dev server's Rolldown dep optimizer runs them
 * too. `devScript`: the optimizer cannot emit assets, so there the pthreads load the package's file as the dev
 * server serves it.
 */
export function patchTfjsWasm(code: string, id: string, devScript = false): string | undefined {
  const file = id.replace(/\\/g, '/');
  if (WASM_BACKEND.test(file)) {
    if (!PTHREAD_SCRIPT_BLOB.test(code))
      throw new Error('tfjs-backend-wasm changed: the Blob its pthreads load their script from was not found');
    const patched = code.replace(PTHREAD_SCRIPT_BLOB, 'new URL(pthreadScript, self.location.href).href');
    if (devScript) return `const pthreadScript = '/node_modules/${SCRIPT.replace('?url', '')}';\n${patched}`;
    return `import pthreadScript from '${SCRIPT}';\n${patched}`;
  }
  if (THREADED_FACTORY.test(file)) {
    if (!code.includes(LOGICAL_CORES))
      throw new Error('tfjs-backend-wasm changed: emscripten_num_logical_cores was not found');
    return code.replace(LOGICAL_CORES, 'return 2*navigator["hardwareConcurrency"]}');
  }
  return undefined;
}

export function wasmPthreadScript(): Plugin {
  return {
    name: 'triplet-lab-wasm-pthread-script',
    transform(code, id) {
      const patched = patchTfjsWasm(code, id);
      return patched === undefined ? undefined : { code: patched, map: null };
    },
  };
}
