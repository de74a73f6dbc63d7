/**
 * The WebAssembly SIMD distance kernel (simdModule.ts): float32 products, 4 points × 8 centres a tile. Centres are
 * packed once per `setCenters` into panels of 8 (zero-padded); each `dots` call gathers its rows into the module's
 * memory, runs the tile loop, and widens the float32 products into the caller's float64 `out`.
 */
import type { DistanceKernel } from './distanceKernel';
import { simdModuleBytes, simdSupported } from './simdModule';

const PAGE = 65536;

interface Dots {
  (x: number, rows: number, c: number, panels: number, out: number, outStride: number): void;
}

/**
 * A SIMD kernel for rows of `dim` values, or undefined where WebAssembly SIMD is missing. `fused: true` uses relaxed
 * SIMD's multiply-add where the engine has it; measured here (AMD EPYC, Node 20 with the flag) no faster than mul +
 * add (11.5 vs 11.7 G multiply-adds/s at k = 1,000), so it is off by default and results stay the same everywhere.
 */
export function simdKernel(dim: number, opts: { fused?: boolean } = {}): DistanceKernel | undefined {
  if (!simdSupported()) return undefined;
  const fused = (opts.fused ?? false) && simdSupported(true);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes(dim, fused)));
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.dots as Dots;
  let heap = new Float32Array(memory.buffer);
  let k = 0;
  let panels = 0;
  let xAt = 0; // float offsets into heap: centres at 0, then x rows, then out
  let outAt = 0;
  let capacityRows = 0;

  function ensure(rows: number): void {
    const padded = (rows + 3) & ~3;
    if (padded <= capacityRows) return;
    capacityRows = Math.max(padded, 64);
    xAt = panels * 8 * dim;
    outAt = xAt + capacityRows * dim;
    const bytes = (outAt + capacityRows * panels * 8) * 4;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    heap = new Float32Array(memory.buffer);
  }

  return {
    name: fused ? 'wasm relaxed SIMD, fused (float32)' : 'wasm SIMD (float32)',
    setCenters(centers, kk, d) {
      if (d !== dim) throw new RangeError(`simd kernel built for dim ${dim}, got ${d}`);
      k = kk;
      const nextPanels = Math.ceil(k / 8);
      if (nextPanels !== panels) {
        panels = nextPanels;
        capacityRows = 0;
      }
      ensure(64);
      heap.fill(0, 0, panels * 8 * dim);
      for (let j = 0; j < k; j++) {
        const base = (j >> 3) * 8 * dim + (j & 7);
        for (let t = 0; t < dim; t++) heap[base + t * 8] = centers[j * dim + t] as number;
      }
    },
    dots(data, rows, from, to, out) {
      const count = to - from;
      if (count <= 0) return;
      ensure(count);
      for (let p = 0; p < count; p++) {
        const i = (rows[from + p] as number) * dim;
        heap.set(data.subarray(i, i + dim), xAt + p * dim);
      }
      const padded = (count + 3) & ~3;
      const stride = panels * 8;
      run(xAt * 4, padded, 0, panels, outAt * 4, stride * 4);
      if (stride === k) {
        out.set(heap.subarray(outAt, outAt + count * k));
        return;
      }
      for (let p = 0; p < count; p++) out.set(heap.subarray(outAt + p * stride, outAt + p * stride + k), p * k);
    },
  };
}
