/**
 * The tfjs wasm binaries, emitted by Vite as assets of the app itself (no CDN). Absolute URLs, because
 * `setWasmPaths()` inside a worker resolves relative paths against the worker's own URL.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export function wasmPaths(base: string = location.href): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL(plain, base).href,
    'tfjs-backend-wasm-simd.wasm': new URL(simd, base).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(threadedSimd, base).href,
  };
}
