/**
 * The WebAssembly SIMD distance kernel (simdModule.ts): float32 products, 4 points × 8 centres a tile. Centres are
 * packed once per `setCenters` into panels of 8 (zero-padded); each `dots` call gathers its rows into the module's
 * memory, runs the tile loop, and widens the float32 products into the caller's float64 `out`.
 */
import { BLOCK_ROWS } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';
import { simdModuleBytes, simdSupported } from './simdModule';

const PAGE = 65536;

interface Dots {
  (x: number, rows: number, c: number, panels: number, out: number, outStride: number): void;
}

interface Nearest {
  (out: number, outStride: number, rows: number, k: number, norms: number, cn: number, labels: number, first: number, second: number): void;
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
  const runNearest = instance.exports.nearest as Nearest;
  let heap = new Float32Array(memory.buffer);
  let heap64 = new Float64Array(memory.buffer);
  let heap32 = new Int32Array(memory.buffer);
  let k = 0;
  let panels = 0;
  // float offsets into heap: centres at 0, then x rows, then out; float64 offsets: row norms, centre norms, first,
  // second; int32 offset: labels
  let xAt = 0;
  let outAt = 0;
  let normsAt = 0;
  let cnAt = 0;
  let labelsAt = 0;
  let firstAt = 0;
  let secondAt = 0;
  let capacityRows = 0;

  function ensure(rows: number): void {
    const padded = (rows + 3) & ~3;
    if (padded <= capacityRows) return;
    capacityRows = Math.max(padded, 64);
    xAt = panels * 8 * dim;
    outAt = xAt + capacityRows * dim;
    normsAt = (outAt + capacityRows * panels * 8) / 2; // every region is a multiple of 4 floats long
    cnAt = normsAt + capacityRows;
    firstAt = cnAt + panels * 8;
    secondAt = firstAt + capacityRows;
    labelsAt = (secondAt + capacityRows) * 2;
    const bytes = (labelsAt + capacityRows) * 4;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    heap = new Float32Array(memory.buffer);
    heap64 = new Float64Array(memory.buffer);
    heap32 = new Int32Array(memory.buffer);
  }

  /** Gathers rows[from, to) into x and runs the tile loop; returns the padded output stride in floats. */
  function block(data: Float32Array, rows: Int32Array, from: number, count: number): number {
    ensure(count);
    // runs of consecutive rows (a full search's are all one run) go in one copy
    for (let p = 0; p < count; ) {
      const first = rows[from + p] as number;
      let q = p + 1;
      while (q < count && rows[from + q] === first + (q - p)) q++;
      heap.set(data.subarray(first * dim, (first + q - p) * dim), xAt + p * dim);
      p = q;
    }
    const stride = panels * 8;
    run(xAt * 4, (count + 3) & ~3, 0, panels, outAt * 4, stride * 4);
    return stride;
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
      const stride = block(data, rows, from, count);
      if (stride === k) {
        out.set(heap.subarray(outAt, outAt + count * k));
        return;
      }
      // element by element: two subarray views a row cost more than a few centres' copies (seeding: k = trials)
      for (let p = 0; p < count; p++) for (let j = 0, o = outAt + p * stride; j < k; j++) out[p * k + j] = heap[o + j] as number;
    },
    nearestTwo(data, norms, rows, from, to, centerNorms, labels, first, second) {
      for (let b = from; b < to; b += BLOCK_ROWS) {
        const count = Math.min(to, b + BLOCK_ROWS) - b;
        const stride = block(data, rows, b, count);
        heap64.set(centerNorms, cnAt);
        for (let p = 0; p < count; p++) heap64[normsAt + p] = norms[rows[b + p] as number] as number;
        runNearest(outAt * 4, stride * 4, count, k, normsAt * 8, cnAt * 8, labelsAt * 4, firstAt * 8, secondAt * 8);
        for (let p = 0; p < count; p++) {
          const i = rows[b + p] as number;
          labels[i] = heap32[labelsAt + p] as number;
          first[i] = heap64[firstAt + p] as number;
          second[i] = heap64[secondAt + p] as number;
        }
      }
    },
  };
}
