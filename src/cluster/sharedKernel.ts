/**
 * The nearest-centre search on several threads: a `DistanceKernel` wrapper whose `nearestTwo` splits a block of
 * rows between the calling thread and helper threads (workers) that share the points through SharedArrayBuffers,
 * each thread running its own copy of the inner kernel. Everything else (`dots`: seeding) stays on the calling
 * thread. Pure: the helpers are injected as `post(message)` handles; a helper runs `serveSharedKernel`.
 *
 * Work goes in blocks of BLOCK_ROWS rows claimed from one shared counter, so a helper that is slow to start, busy or
 * absent only leaves more blocks to the caller: the caller never waits for a block nobody claimed, and the results
 * are the same whoever computes a row (each row's products do not depend on the rows beside it).
 * Claims and completions are counted monotonically across jobs (job g covers [start_g, start_g + count_g)), so a
 * helper that wakes late for an old job finds the counter past that job's end and claims nothing.
 * The caller blocks in `Atomics.wait` until its helpers finish their claimed blocks: a worker, or Node, not a page.
 */
import { BLOCK_ROWS } from './distanceKernel';
import type { DistanceKernel } from './distanceKernel';

/** Control words (Int32): job generation, claim and done counters, the job's first claim and row count, stop. */
const GEN = 0;
const CLAIM = 1;
const DONE = 2;
const START = 3;
const COUNT = 4;
const STOP = 5;
const K = 6;
const CONTROL_WORDS = 8;

/** What a helper gets once per data set (and again when the centre buffer grows): views of shared memory. */
export interface SharedKernelBind {
  type: 'bind';
  dim: number;
  control: Int32Array;
  /** [n × dim] the points; [n] their squared norms. */
  data: Float32Array;
  norms: Float64Array;
  /** [capacity] the job's row indices. */
  rows: Int32Array;
  /** [capacity × dim] centres and [capacity] their squared norms, for the job. */
  centers: Float64Array;
  centerNorms: Float64Array;
  /** [n] results by row index. */
  labels: Int32Array;
  first: Float64Array;
  second: Float64Array;
}

export interface SharedKernelHelper {
  post(message: SharedKernelBind): void;
}

function shared<T>(make: new (buffer: SharedArrayBuffer) => T, bytesPerElement: number, length: number): T {
  return new make(new SharedArrayBuffer(Math.max(1, length) * bytesPerElement));
}

/** Claims and runs blocks of the current job until none is left; returns rows done. */
function work(bind: SharedKernelBind, kernel: DistanceKernel, start: number, end: number): number {
  const { control, data, norms, rows, centerNorms, labels, first, second } = bind;
  const k = Atomics.load(control, K);
  const cn = centerNorms.subarray(0, k);
  let done = 0;
  for (;;) {
    const c = Atomics.load(control, CLAIM);
    if (c >= end) return done;
    const e = Math.min(end, c + BLOCK_ROWS);
    if (Atomics.compareExchange(control, CLAIM, c, e) !== c) continue;
    nearestInto(kernel, data, norms, rows, c - start, e - start, cn, labels, first, second);
    Atomics.add(control, DONE, e - c);
    Atomics.notify(control, DONE);
    done += e - c;
  }
}

function nearestInto(
  kernel: DistanceKernel,
  data: Float32Array,
  norms: Float64Array,
  rows: Int32Array,
  from: number,
  to: number,
  cn: Float64Array,
  labels: Int32Array,
  first: Float64Array,
  second: Float64Array,
): void {
  if (!kernel.nearestTwo) throw new Error(`shared kernel: ${kernel.name} has no nearestTwo`);
  kernel.nearestTwo(data, norms, rows, from, to, cn, labels, first, second);
}

/**
 * A helper thread's loop for one bind: waits for jobs, loads the job's centres into its own `kernel`, claims blocks.
 * Returns when the caller stops it (a new bind, or `dispose`), so the worker's message loop gets the next bind.
 */
export function serveSharedKernel(bind: SharedKernelBind, kernel: DistanceKernel): void {
  const { control, dim } = bind;
  let seen = 0;
  for (;;) {
    if (Atomics.load(control, STOP) !== 0) return;
    const gen = Atomics.load(control, GEN);
    if (gen === seen || gen % 2 === 1) {
      Atomics.wait(control, GEN, gen);
      continue;
    }
    const start = Atomics.load(control, START);
    const end = start + Atomics.load(control, COUNT);
    if (Atomics.load(control, GEN) !== gen) continue; // the caller was writing the next job: read it again
    seen = gen;
    if (Atomics.load(control, CLAIM) >= end) continue;
    const k = Atomics.load(control, K);
    kernel.setCenters(bind.centers.subarray(0, k * dim), k, dim);
    work(bind, kernel, start, end);
  }
}

/**
 * `inner` (which must have `nearestTwo`) with its `nearestTwo` shared with `helpers`. Where SharedArrayBuffer or
 * Atomics.wait is missing, or there are no helpers, returns `inner` itself. `dispose()` stops the helpers' loops.
 */
export interface SharedKernel extends DistanceKernel {
  /** Rows searched through `nearestTwo` in blocks, and how many of them the helpers took. */
  readonly rows: { total: number; helpers: number };
  dispose(): void;
}

export function sharedKernel(inner: DistanceKernel, helpers: readonly SharedKernelHelper[]): SharedKernel {
  const stats = { total: 0, helpers: 0 };
  const dispose = (): void => {
    if (bind) {
      Atomics.store(bind.control, STOP, 1);
      Atomics.add(bind.control, GEN, 2);
      Atomics.notify(bind.control, GEN);
    }
    bind = undefined;
  };
  let bind: SharedKernelBind | undefined;
  if (helpers.length === 0 || typeof SharedArrayBuffer === 'undefined' || !inner.nearestTwo) return { ...inner, rows: stats, dispose };
  let centers: Float64Array = new Float64Array(0);
  let k = 0;
  let dim = 0;
  let sourceData: Float32Array | undefined;
  let sourceNorms: Float64Array | undefined;

  function rebind(data: Float32Array, norms: Float64Array, rowsCapacity: number): SharedKernelBind {
    dispose();
    const n = norms.length;
    const sharedData = data.buffer instanceof SharedArrayBuffer ? data : shared(Float32Array, 4, data.length);
    if (sharedData !== data) sharedData.set(data);
    const next: SharedKernelBind = {
      type: 'bind',
      dim,
      control: shared(Int32Array, 4, CONTROL_WORDS),
      data: sharedData,
      norms: shared(Float64Array, 8, n),
      rows: shared(Int32Array, 4, rowsCapacity),
      centers: shared(Float64Array, 8, k * dim),
      centerNorms: shared(Float64Array, 8, k),
      labels: shared(Int32Array, 4, n),
      first: shared(Float64Array, 8, n),
      second: shared(Float64Array, 8, n),
    };
    next.norms.set(norms);
    for (const h of helpers) h.post(next);
    sourceData = data;
    sourceNorms = norms;
    return next;
  }

  return {
    name: `${inner.name} on ${helpers.length + 1} threads`,
    setCenters(c, kk, d) {
      centers = c;
      k = kk;
      dim = d;
      inner.setCenters(c, kk, d);
    },
    dots: (data, rows, from, to, out) => inner.dots(data, rows, from, to, out),
    nearestTwo(data, norms, rows, from, to, centerNorms, labels, first, second) {
      const count = to - from;
      if (count <= BLOCK_ROWS) return inner.nearestTwo?.(data, norms, rows, from, to, centerNorms, labels, first, second);
      let b = bind;
      // the claim counters are Int32: a fresh bind long before they could wrap (2^30 rows: many restarts of 10^6)
      const worn = b !== undefined && Atomics.load(b.control, DONE) > 2 ** 30;
      if (!b || worn || data !== sourceData || norms !== sourceNorms || b.rows.length < count || b.centerNorms.length < k) {
        b = bind = rebind(data, norms, Math.max(count, b?.rows.length ?? 0));
      }
      const { control } = b;
      b.rows.set(rows.subarray(from, to));
      b.centers.set(centers.subarray(0, k * dim));
      b.centerNorms.set(centerNorms);
      // GEN is odd while the job's words are written (a sequence lock: a helper reads them only at one even GEN)
      Atomics.add(control, GEN, 1);
      const start = Atomics.load(control, DONE);
      Atomics.store(control, K, k);
      Atomics.store(control, START, start);
      Atomics.store(control, COUNT, count);
      Atomics.add(control, GEN, 1);
      Atomics.notify(control, GEN);
      const mine = work(b, inner, start, start + count);
      stats.total += count;
      stats.helpers += count - mine;
      for (let d = Atomics.load(control, DONE); d < start + count; d = Atomics.load(control, DONE)) Atomics.wait(control, DONE, d);
      for (let p = 0; p < count; p++) {
        const i = b.rows[p] as number;
        labels[i] = b.labels[i] as number;
        first[i] = b.first[i] as number;
        second[i] = b.second[i] as number;
      }
    },
    rows: stats,
    dispose,
  };
}
