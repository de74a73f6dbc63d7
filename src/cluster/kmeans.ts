/**
 * k-means: k-means++ seeding, Lloyd iterations with Hamerly bounds, `nInit` restarts keeping the lowest inertia.
 * Euclidean, or cosine as spherical k-means (rows and centroids on the unit sphere, where ‖x − c‖² = 2 − 2 cos).
 *
 * The work is a generator of progress ticks; `kmeans` drives it synchronously, `kmeansAsync` yields to the event
 * loop between time slices so a page (main-thread fallback) or a worker (cancel message) stays responsive.
 */
import { createRng } from '../common/rng';
import { yieldToEventLoop } from '../common/schedule';
import { CancelledError } from './cancel';
import type { DistanceKernel } from './distanceKernel';
import { kmeansParallel } from './kmeansParallel';
import { kmeansPlusPlus } from './kmeansPlusPlus';
import type { KMeansInit, KMeansOptions, KMeansProgress, KMeansResult } from './kmeansTypes';
import { lloyd } from './lloyd';
import { meanFeatureVariance, normaliseRows, rowNormsSquared } from './vectors';

/** Heartbeats closer together than this are not reported (iteration events always are). */
const HEARTBEAT_MS = 100;

/** Options with defaults applied and checked. */
export interface ResolvedKMeansOptions {
  k: number;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  metric: 'euclidean' | 'cosine';
  algorithm: 'hamerly' | 'lloyd';
  init: KMeansInit;
  localTrials: number;
}

/** How the distances are computed; not part of the options that cross to a worker. */
export interface KMeansEngine {
  /** Point–centre products for seeding and iterations (default: the blocked TypeScript kernel). */
  kernel?: DistanceKernel;
}

export function resolveKMeansOptions(n: number, opts: KMeansOptions): ResolvedKMeansOptions {
  const { k } = opts;
  const resolved: ResolvedKMeansOptions = {
    k,
    seed: opts.seed ?? 0,
    nInit: opts.nInit ?? 1,
    maxIter: opts.maxIter ?? 300,
    tol: opts.tol ?? 1e-4,
    metric: opts.metric ?? 'euclidean',
    algorithm: opts.algorithm ?? 'hamerly',
    init: opts.init ?? 'k-means++',
    localTrials: opts.localTrials ?? 2 + Math.floor(Math.log(k)),
  };
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k-means: k = ${k} must be an integer in [1, n = ${n}]`);
  if (!Number.isInteger(resolved.nInit) || resolved.nInit < 1) throw new RangeError('k-means: nInit must be ≥ 1');
  if (!Number.isInteger(resolved.maxIter) || resolved.maxIter < 1) throw new RangeError('k-means: maxIter must be ≥ 1');
  if (!(resolved.tol >= 0)) throw new RangeError('k-means: tol must be ≥ 0');
  if (resolved.init !== 'k-means++' && resolved.init !== 'k-means||') {
    throw new RangeError(`k-means: init '${String(resolved.init)}' must be 'k-means++' or 'k-means||'`);
  }
  return resolved;
}

/** The seed of each restart, drawn from `seed`: restart r is reproducible alone (the worker pool relies on it). */
export function restartSeeds(seed: number, nInit: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: nInit }, () => Math.floor(rng.next() * 4294967296));
}

/** Lowest inertia wins; ties go to the earlier restart. */
export function pickBest(results: readonly KMeansResult[]): KMeansResult {
  let best: KMeansResult | undefined;
  for (const r of results) if (!best || r.inertia < best.inertia || (r.inertia === best.inertia && r.run < best.run)) best = r;
  if (!best) throw new RangeError('k-means: no restart to pick from');
  return best;
}

function checkShape(data: Float32Array, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`k-means: dim = ${dim} must be a positive integer`);
  if (data.length % dim !== 0) throw new RangeError(`k-means: data length ${data.length} is not a multiple of dim ${dim}`);
  return data.length / dim;
}

/**
 * The restarts listed in `runs` (default all), as a generator of progress ticks; returns the best of them.
 * @param data [n × dim] row-major; not modified
 */
export function* kmeansSteps(
  data: Float32Array,
  dim: number,
  opts: KMeansOptions & KMeansEngine,
  runs?: readonly number[],
): Generator<KMeansProgress, KMeansResult, void> {
  const n = checkShape(data, dim);
  const o = resolveKMeansOptions(n, opts);
  const spherical = o.metric === 'cosine';
  const points = spherical ? normaliseRows(data, dim) : data;
  const norms = rowNormsSquared(points, dim);
  const tolAbs = o.tol * meanFeatureVariance(points, dim);
  const seeds = restartSeeds(o.seed, o.nInit);
  const scale = spherical ? 0.5 : 1; // cosine distance 1 − cos = ½‖x − c‖² on the unit sphere
  const results: KMeansResult[] = [];
  for (const run of runs ?? seeds.keys()) {
    const seed = seeds[run];
    if (seed === undefined) throw new RangeError(`k-means: run ${run} outside [0, ${o.nInit})`);
    const base = { run, runs: o.nInit, iteration: 0, inertia: NaN, moved: 0 };
    const { kernel } = opts;
    const seeding =
      o.init === 'k-means||'
        ? kmeansParallel(points, dim, norms, o.k, createRng(seed), { localTrials: o.localTrials, kernel })
        : kmeansPlusPlus(points, dim, norms, o.k, createRng(seed), o.localTrials, kernel);
    let step = seeding.next();
    while (!step.done) {
      yield { ...base, kind: 'heartbeat', phase: 'seeding', fraction: step.value };
      step = seeding.next();
    }
    const iterating = lloyd(points, dim, norms, step.value, {
      maxIter: o.maxIter,
      tolAbs,
      spherical,
      bounds: o.algorithm === 'hamerly',
      kernel,
    });
    let tick = iterating.next();
    while (!tick.done) {
      const t = tick.value;
      yield { ...base, kind: t.kind, phase: 'iterating', iteration: t.iteration, inertia: t.inertia * scale, moved: t.moved, fraction: t.fraction };
      tick = iterating.next();
    }
    const r = tick.value;
    results.push({
      centroids: Float32Array.from(r.centers),
      assignments: r.labels,
      inertia: r.inertia * scale,
      iterations: r.iterations,
      converged: r.converged,
      run,
    });
  }
  return pickBest(results);
}

/** Calls `onProgress` for iteration events and for heartbeats at least HEARTBEAT_MS apart. */
function reporter(onProgress: KMeansOptions['onProgress']): (p: KMeansProgress) => void {
  let last = -Infinity;
  return (p) => {
    if (!onProgress) return;
    const now = performance.now();
    if (p.kind === 'heartbeat' && now - last < HEARTBEAT_MS) return;
    last = now;
    onProgress(p);
  };
}

/**
 * k-means on `n = data.length / dim` rows, synchronously. `signal` is checked at every step (e.g. set from
 * `onProgress`); when aborted this throws `CancelledError`.
 * @param data [n × dim] row-major; not modified. @returns new arrays the caller owns.
 */
export function kmeans(data: Float32Array, dim: number, opts: KMeansOptions & KMeansEngine): KMeansResult {
  const steps = kmeansSteps(data, dim, opts);
  const report = reporter(opts.onProgress);
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError();
    const s = steps.next();
    if (s.done) return s.value;
    report(s.value);
  }
}

export interface KMeansAsyncOptions extends KMeansOptions, KMeansEngine {
  /** Only these restarts (indices into the `nInit` seeds); the worker pool splits restarts with it. Default all. */
  runs?: readonly number[];
  /** Longest stretch of work between two yields to the event loop, in ms (default 20). */
  sliceMs?: number;
}

/**
 * As `kmeans`, yielding to the event loop every `sliceMs` so messages (a cancel) and rendering get their turn.
 * Rejects with `CancelledError` when `signal` is aborted.
 */
export async function kmeansAsync(data: Float32Array, dim: number, opts: KMeansAsyncOptions): Promise<KMeansResult> {
  const steps = kmeansSteps(data, dim, opts, opts.runs);
  const report = reporter(opts.onProgress);
  const sliceMs = opts.sliceMs ?? 20;
  let sliceStart = performance.now();
  for (;;) {
    if (opts.signal?.aborted) throw new CancelledError();
    const s = steps.next();
    if (s.done) return s.value;
    report(s.value);
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}
