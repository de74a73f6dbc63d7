/**
 * The nearest-centre search and k-means++ seeding's pass on several threads: a `DistanceKernel` wrapper whose
 * `nearestTwo` and `seedTrials` split their rows between the calling thread and helper threads (workers) that share
 * the points through SharedArrayBuffers, each thread running its own copy of the inner kernel. Everything else
 * (`dots`: the seeding's candidate–centre distances, the first centre) stays on the calling thread. Pure: the helpers
 * are injected as `post(message)` handles; a helper runs `serveSharedKernel`.
 *
 * Work goes in blocks of BLOCK_ROWS rows claimed from one shared counter, so a helper that is slow to start, busy or
 * absent only leaves more blocks to the caller: the caller never waits for a block nobody claimed, and the results
 * are the same whoever computes a row (each row's products do not depend on the rows beside it).
 * Claims and completions are counted monotonically across jobs (job g covers [start_g, start_g + count_g)), so a
 * helper that wakes late for an old job finds the counter past that job's end and claims nothing.
 * The caller blocks in `Atomics.wait` until its helpers finish their claimed blocks: a worker, or Node, not a page.
 */
import { BLOCK_ROWS } from './distanceKernel';
import type { DistanceKernel, SeedTrialsJob } from './distanceKernel';
import { seedTrials } from './seedTrials';

/**
 * Control words (Int32): job generation, claim and done counters, the job's first claim and row count, stop, the
 * number of centres, the job's kind, and for a seeding job the stride of its candidate–centre bounds.
 */
const GEN = 0;
const CLAIM = 1;
const DONE = 2;
const START = 3;
const COUNT = 4;
const STOP = 5;
const K = 6;
const KIND = 7;
const STRIDE = 8;
const CONTROL_WORDS = 12;
/** Job kinds: `nearestTwo`, or seeding's pass (`seedTrials`). */
const NEAREST = 0;
const SEED = 1;

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
  /** [n] results by row index; for a seeding job, `first` and `labels` bring the open rows' D² and nearest centre. */
  labels: Int32Array;
  first: Float64Array;
  second: Float64Array;
  /** Seeding: [trials × stride] candidate–centre squared distances; [n × trials] the pass's results by job position. */
  bounds: Float64Array;
  trialOut: Float64Array;
}

export interface SharedKernelHelper {
  post(message: SharedKernelBind): void;
}

function shared<T>(make: new (buffer: SharedArrayBuffer) => T, bytesPerElement: number, length: number): T {
  return new make(new SharedArrayBuffer(Math.max(1, length) * bytesPerElement));
}

/** The seeding job the bind holds (its words read from `control`). */
function seedJob(bind: SharedKernelBind, count: number): SeedTrialsJob {
  const { control, data, norms, rows, first, labels, centerNorms, bounds } = bind;
  const trials = Atomics.load(control, K);
  const stride = Atomics.load(control, STRIDE);
  return { data, norms, rows, count, closest: first, nearest: labels, candNorms: centerNorms, candToCenterSq: bounds, stride, trials };
}

/** Claims and runs blocks of the current job until none is left; returns rows done. */
function work(bind: SharedKernelBind, kernel: DistanceKernel, start: number, end: number): number {
  const { control, data, norms, rows, centerNorms, labels, first, second } = bind;
  const k = Atomics.load(control, K);
  const cn = centerNorms.subarray(0, k);
  const seed = Atomics.load(control, KIND) === SEED ? seedJob(bind, end - start) : undefined;
  const dots = seed ? new Float64Array(BLOCK_ROWS * seed.trials) : undefined;
  let done = 0;
  for (;;) {
    const c = Atomics.load(control, CLAIM);
    if (c >= end) return done;
    const e = Math.min(end, c + BLOCK_ROWS);
    if (Atomics.compareExchange(control, CLAIM, c, e) !== c) continue;
    if (seed && dots) seedTrials(kernel, seed, c - start, e - start, bind.trialOut, dots);
    else nearestInto(kernel, data, norms, rows, c - start, e - start, cn, labels, first, second);
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
 * `inner` (which must have `nearestTwo`) with its `nearestTwo` and `seedTrials` shared with `helpers`. Where SharedArrayBuffer or
 * Atomics.wait is missing, or there are no helpers, returns `inner` itself. `dispose()` stops the helpers' loops.
 */
export interface SharedKernel extends DistanceKernel {
  /** Rows searched through `nearestTwo` in blocks, and how many of them the helpers took. */
  readonly rows: { total: number; helpers: number };
  dispose(): void;
}

/** `job` over the bind's copies of its buffers. */
function seedJobOf(b: SharedKernelBind, job: SeedTrialsJob): SeedTrialsJob {
  return { ...job, rows: b.rows, closest: b.first, nearest: b.labels, candNorms: b.centerNorms, candToCenterSq: b.bounds };
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

  /**
   * A bind for `data` with room for `k` centres and, for seeding, `trials` candidates against `stride` centres; the
   * shared points and norms of the last bind are kept when the data is the same (seeding, then Lloyd: one copy).
   */
  function rebind(data: Float32Array, norms: Float64Array, seed: { trials: number; stride: number }): SharedKernelBind {
    const last = bind;
    const same = last !== undefined && data === sourceData && norms === sourceNorms;
    dispose();
    const n = norms.length;
    let sharedData = data.buffer instanceof SharedArrayBuffer ? data : undefined;
    if (!sharedData && same) sharedData = last.data;
    if (!sharedData) (sharedData = shared(Float32Array, 4, data.length)).set(data);
    const capacity = Math.max(k, same ? last.centerNorms.length : 0);
    const trials = Math.max(seed.trials, same ? Math.floor(last.trialOut.length / n) : 0);
    const next: SharedKernelBind = {
      type: 'bind',
      dim,
      control: shared(Int32Array, 4, CONTROL_WORDS),
      data: sharedData,
      norms: same ? last.norms : shared(Float64Array, 8, n),
      rows: shared(Int32Array, 4, n),
      centers: shared(Float64Array, 8, capacity * dim),
      centerNorms: shared(Float64Array, 8, capacity),
      labels: shared(Int32Array, 4, n),
      first: shared(Float64Array, 8, n),
      second: shared(Float64Array, 8, n),
      bounds: shared(Float64Array, 8, Math.max(seed.trials * seed.stride, same ? last.bounds.length : 0)),
      // n × trials values (64 MB at 10^6 rows and 8 trials): only once a seeding job comes
      trialOut: shared(Float64Array, 8, n * trials),
    };
    if (!same) next.norms.set(norms);
    for (const h of helpers) h.post(next);
    sourceData = data;
    sourceNorms = norms;
    return next;
  }

  /** The current bind, or a new one where the data changed, a buffer is too small or the counters are worn. */
  function bound(data: Float32Array, norms: Float64Array, seed = { trials: 0, stride: 0 }): SharedKernelBind {
    const b = bind;
    // the claim counters are Int32: a fresh bind long before they could wrap (2^30 rows: many restarts of 10^6)
    const worn = b !== undefined && Atomics.load(b.control, DONE) > 2 ** 30;
    const small =
      b !== undefined && (b.centerNorms.length < k || b.bounds.length < seed.trials * seed.stride || b.trialOut.length < norms.length * seed.trials);
    if (!b || worn || small || data !== sourceData || norms !== sourceNorms) bind = rebind(data, norms, seed);
    return bind as SharedKernelBind;
  }

  /** Posts job `kind` over `count` rows (its buffers already written), takes blocks itself, waits for the helpers'. */
  function runJob(b: SharedKernelBind, kind: number, count: number, stride = 0): void {
    const { control } = b;
    // GEN is odd while the job's words are written (a sequence lock: a helper reads them only at one even GEN)
    Atomics.add(control, GEN, 1);
    const start = Atomics.load(control, DONE);
    Atomics.store(control, K, k);
    Atomics.store(control, KIND, kind);
    Atomics.store(control, STRIDE, stride);
    Atomics.store(control, START, start);
    Atomics.store(control, COUNT, count);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    const mine = work(b, inner, start, start + count);
    stats.total += count;
    stats.helpers += count - mine;
    for (let d = Atomics.load(control, DONE); d < start + count; d = Atomics.load(control, DONE)) Atomics.wait(control, DONE, d);
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
      const b = bound(data, norms);
      b.rows.set(rows.subarray(from, to));
      b.centers.set(centers.subarray(0, k * dim));
      b.centerNorms.set(centerNorms.subarray(0, k));
      runJob(b, NEAREST, count);
      for (let p = 0; p < count; p++) {
        const i = b.rows[p] as number;
        labels[i] = b.labels[i] as number;
        first[i] = b.first[i] as number;
        second[i] = b.second[i] as number;
      }
    },
    seedTrials(job) {
      const { count, trials, stride } = job;
      const b = bound(job.data, job.norms, { trials, stride });
      // the open rows and their state, in the bind's buffers (by row index, as the job has them)
      for (let p = 0; p < count; p++) {
        const i = job.rows[p] as number;
        b.rows[p] = i;
        b.first[i] = job.closest[i] as number;
        b.labels[i] = job.nearest[i] as number;
      }
      b.bounds.set(job.candToCenterSq.subarray(0, trials * stride));
      b.centers.set(centers.subarray(0, k * dim));
      b.centerNorms.set(job.candNorms.subarray(0, k));
      if (count <= BLOCK_ROWS) seedTrials(inner, seedJobOf(b, job), 0, count, b.trialOut, new Float64Array(count * trials));
      else runJob(b, SEED, count, stride);
      return b.trialOut;
    },
    rows: stats,
    dispose,
  };
}
