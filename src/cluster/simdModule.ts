/**
 * A WebAssembly SIMD module for the dot-product block X·Cᵀ, emitted as bytes here (no toolchain, no fetch): the
 * page talks only to its own origin and cluster/ stays testable in Node.
 *
 * `dots(x, rows, c, panels, out, outStride)`: x is [rows × dim] float32 (rows a multiple of 4), c is packed in panels
 * of 8 centres, [panels][dim][8] float32, out[r][p·8 + q] = x_r · c_{p·8+q} in float32 (outStride bytes a row).
 * The micro-kernel keeps a 4 rows × 8 centres tile in 8 f32x4 accumulators (11 of the 16 vector registers) and
 * broadcasts each x value, as a BLAS sgemm kernel does; `dim` is baked into the immediates so every address is a
 * base plus a constant offset.
 */

const SIMD = 0xfd;
const V128 = 0x7b;
const I32 = 0x7f;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function str(s: string): number[] {
  return vec([...s].map((ch) => [ch.charCodeAt(0)]));
}

// parameters 0..5, then i32 locals 6..10, then v128 locals 11..21
const [X, ROWS, C, PANELS, OUT, STRIDE] = [0, 1, 2, 3, 4, 5];
const [P, R, CP, XP, OP] = [6, 7, 8, 9, 10];
const ACC = 11; // 8 accumulators: row r, half h at ACC + 2r + h
const C0 = 19;
const C1 = 20;
const XS = 21;

const get = (l: number): number[] => [0x20, ...uleb(l)];
const set = (l: number): number[] => [0x21, ...uleb(l)];
const i32 = (v: number): number[] => [0x41, ...sleb(v)];
const add = 0x6a;
const mul = 0x6c;
const ltU = 0x49;
const simd = (op: number): number[] => [SIMD, ...uleb(op)];
const load = (offset: number): number[] => [...simd(0x00), 4, ...uleb(offset)];
const splat = (offset: number): number[] => [...simd(0x09), 2, ...uleb(offset)];
const store = (offset: number): number[] => [...simd(0x0b), 4, ...uleb(offset)];
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const f32x4RelaxedMadd = simd(0x105);

/** The body of `dots` for a given `dim` (a multiple of `unroll`); `fused`: relaxed-SIMD multiply-add. */
function dotsBody(dim: number, unroll: number, fused: boolean): number[] {
  const rowBytes = dim * 4;
  const b: number[] = [];
  const inner: number[] = [];
  for (let u = 0; u < unroll; u++) {
    inner.push(...get(CP), ...load(32 * u), ...set(C0), ...get(CP), ...load(32 * u + 16), ...set(C1));
    for (let r = 0; r < 4; r++) {
      inner.push(...get(XP), ...splat(r * rowBytes + 4 * u), ...set(XS));
      for (let h = 0; h < 2; h++) {
        const acc = ACC + 2 * r + h;
        const c = h === 0 ? C0 : C1;
        if (fused) inner.push(...get(XS), ...get(c), ...get(acc), ...f32x4RelaxedMadd, ...set(acc));
        else inner.push(...get(acc), ...get(XS), ...get(c), ...f32x4Mul, ...f32x4Add, ...set(acc));
      }
    }
  }
  inner.push(...get(CP), ...i32(32 * unroll), add, ...set(CP));
  inner.push(...get(XP), ...i32(4 * unroll), add, ...set(XP));
  // p = 0; do { r = 0; do { tile } while (r < rows); } while (++p < panels)
  b.push(...i32(0), ...set(P));
  b.push(0x03, 0x40); // loop panels
  b.push(...i32(0), ...set(R));
  b.push(0x03, 0x40); // loop rows
  for (let a = 0; a < 8; a++) b.push(...simd(0x0c), ...new Array<number>(16).fill(0), ...set(ACC + a));
  b.push(...get(C), ...get(P), ...i32(32 * dim), mul, add, ...set(CP));
  b.push(...get(X), ...get(R), ...i32(rowBytes), mul, add, ...set(XP));
  b.push(0x03, 0x40); // loop over dim
  b.push(...inner);
  // continue while xp < x + r·rowBytes + rowBytes: compare against the panel end instead (cp advances 32 a step)
  b.push(...get(CP), ...get(C), ...get(P), ...i32(1), add, ...i32(32 * dim), mul, add, ltU, 0x0d, 0);
  b.push(0x0b); // end dim loop
  // store the 4 × 8 tile at out + r·stride + p·32
  b.push(...get(OUT), ...get(R), ...get(STRIDE), mul, add, ...get(P), ...i32(32), mul, add, ...set(OP));
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) b.push(...get(OP), ...get(ACC + 2 * r + h), ...store(16 * h));
    if (r < 3) b.push(...get(OP), ...get(STRIDE), add, ...set(OP));
  }
  b.push(...get(R), ...i32(4), add, ...set(R), ...get(R), ...get(ROWS), ltU, 0x0d, 0);
  b.push(0x0b); // end rows loop
  b.push(...get(P), ...i32(1), add, ...set(P), ...get(P), ...get(PANELS), ltU, 0x0d, 0);
  b.push(0x0b); // end panels loop
  b.push(0x0b); // end function
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(11), V128],
  ]);
  return [...locals, ...b];
}

const F64 = 0x7c;

/**
 * The body of `nearest(out, stride, rows, k, norms, cn, labels, first, second)`: for each row r of a `dots` block
 * (out + r·stride bytes, float32 products), d_j = (‖x_r‖² + ‖c_j‖²) − 2·x_r·c_j in float64, the same operations in
 * the same order as nearest.ts, so the same values; labels[r] (i32) the lowest index of the smallest, first[r] and
 * second[r] (f64) the smallest two clamped at 0. `norms` [rows] and `cn` [k] are float64; `rows` and `k` ≥ 1.
 */
function nearestBody(): number[] {
  const [OUT_, STRIDE_, ROWS_, K_, NORMS, CN, LABELS, FIRST, SECOND] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [R_, J, ROW, LABEL] = [9, 10, 11, 12];
  const [NI, BEST, NEXT, D] = [13, 14, 15, 16];
  const f64Load = (offset: number): number[] => [0x2b, 3, ...uleb(offset)];
  const f64Store = [0x39, 3, 0];
  const f64Const = (v: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
  const shl = (bits: number): number[] => [...i32(bits), 0x74];
  const b: number[] = [];
  b.push(...i32(0), ...set(R_));
  b.push(0x03, 0x40); // loop rows
  b.push(...get(OUT_), ...get(R_), ...get(STRIDE_), mul, add, ...set(ROW));
  b.push(...get(NORMS), ...get(R_), ...shl(3), add, ...f64Load(0), ...set(NI));
  b.push(...f64Const(Infinity), ...set(BEST), ...f64Const(Infinity), ...set(NEXT), ...i32(-1), ...set(LABEL));
  b.push(...i32(0), ...set(J));
  b.push(0x03, 0x40); // loop centres
  b.push(...get(NI), ...get(CN), ...get(J), ...shl(3), add, ...f64Load(0), 0xa0); // ni + cn[j]
  b.push(...f64Const(2), ...get(ROW), ...get(J), ...shl(2), add, 0x2a, 2, 0, 0xbb, 0xa2, 0xa1, ...set(D));
  b.push(...get(D), ...get(BEST), 0x63, 0x04, 0x40); // if d < best
  b.push(...get(BEST), ...set(NEXT), ...get(D), ...set(BEST), ...get(J), ...set(LABEL));
  b.push(0x05); // else if d < next
  b.push(...get(D), ...get(NEXT), 0x63, 0x04, 0x40, ...get(D), ...set(NEXT), 0x0b);
  b.push(0x0b);
  b.push(...get(J), ...i32(1), add, ...set(J), ...get(J), ...get(K_), ltU, 0x0d, 0);
  b.push(0x0b); // end centres
  b.push(...get(LABELS), ...get(R_), ...shl(2), add, ...get(LABEL), 0x36, 2, 0);
  b.push(...get(FIRST), ...get(R_), ...shl(3), add, ...f64Const(0), ...get(BEST), 0xa5, ...f64Store);
  b.push(...get(SECOND), ...get(R_), ...shl(3), add, ...f64Const(0), ...get(NEXT), 0xa5, ...f64Store);
  b.push(...get(R_), ...i32(1), add, ...set(R_), ...get(R_), ...get(ROWS_), ltU, 0x0d, 0);
  b.push(0x0b); // end rows
  b.push(0x0b); // end function
  const locals = vec([
    [...uleb(4), I32],
    [...uleb(4), F64],
  ]);
  return [...locals, ...b];
}

/**
 * The module's bytes for rows of `dim` values: exports `memory` (1 page, growable), `dots` and `nearest`. `fused` uses
 * relaxed SIMD's f32x4.relaxed_madd (one FMA where the CPU has it: twice the multiply-adds a cycle; Chrome ≥ 114),
 * whose rounding may differ from mul + add by one ulp per step.
 */
export function simdModuleBytes(dim: number, fused = false): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`simd kernel: dim = ${dim} must be a positive integer`);
  // no unrolling over dim: V8's TurboFan schedules every load of an unrolled body first and spills the
  // accumulators (unroll 4: 14 G multiply-adds/s; unroll 1: 24, the 8 a cycle 128-bit mul + add allow at ~3 GHz)
  const body = dotsBody(dim, 1, fused);
  const near = nearestBody();
  const params = (count: number): number[] => [0x60, ...vec(new Array<number[]>(count).fill([I32])), 0];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([params(6), params(9)])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([
      [...str('memory'), 0x02, 0],
      [...str('dots'), 0x00, 0],
      [...str('nearest'), 0x00, 1],
    ])),
    ...section(10, vec([
      [...uleb(body.length), ...body],
      [...uleb(near.length), ...near],
    ])),
  ];
  return Uint8Array.from(bytes);
}

/** Whether this engine runs WebAssembly SIMD (`fused`: relaxed SIMD too), by validating a small module. */
export function simdSupported(fused = false): boolean {
  if (typeof WebAssembly === 'undefined') return false;
  try {
    return WebAssembly.validate(simdModuleBytes(4, fused));
  } catch {
    return false;
  }
}
