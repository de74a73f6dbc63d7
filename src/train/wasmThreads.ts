/**
 * How many wasm threads the training worker starts with, from the cores and the network it will train.
 *
 * XNNPACK's threads meet at a barrier after every kernel, so threads pay only when a step's kernels are large. The
 * tiny network at 32² makes ~1,450 kernel calls for 0.1 GFLOP a step: on 2 cores, 2 threads ran 0.65–0.80× as fast
 * as 1 (0.88 at 64², 0.8 GFLOP). The standard network, mostly convolutions, ran 1.06–1.27× as fast at 32² (20 GFLOP a
 * step) and 1.37× at 64² (78 GFLOP) (bench: `BENCH_BROWSER_PARTS=threads`, README). Between the two networks lies a
 * factor of 25 in FLOPs, so the threshold is not fine-tuned.
 */
import { describeModel } from '../model/cost';
import { backboneOf } from '../model/config';
import type { TrainerSettings } from './settings';

/** The pthread pool the tfjs 4.22 threaded build starts with. */
export const MAX_WASM_THREADS = 8;

/** A step of at least this many FLOPs is convolution-bound enough for a second thread to pay on 2 cores (above). */
export const HEAVY_STEP_FLOPS = 5e9;

/**
 * XNNPACK's thread count, the training worker's own thread included, 1 to 8: cores − 1. The core left over keeps the
 * page, the image-rendering and decode workers and the GC from stalling the pool (one descheduled thread stalls them
 * all). A heavy step gets at least 2 where there are 2 cores: its kernels are long enough for a second thread to pay
 * even on a core it shares with the page. 1 selects the unthreaded SIMD build.
 * @param stepFlops a training step's FLOPs (stepFlopsOf); absent counts as light
 */
export function wasmThreadsFor(cores: number | undefined, stepFlops = 0): number {
  const n = Math.floor(cores ?? 2);
  const threads = stepFlops >= HEAVY_STEP_FLOPS ? Math.min(n, Math.max(2, n - 1)) : n - 1;
  return Math.min(MAX_WASM_THREADS, Math.max(1, threads));
}

/**
 * A training step's FLOPs: a forward pass and, unless the backbone is frozen, the two gradients (about 3× the
 * forward, as model/cost.ts counts them), for the P·K images of a batch.
 */
export function stepFlopsOf(settings: Pick<TrainerSettings, 'model' | 'P' | 'K'>): number {
  const passes = backboneOf(settings.model) === 'resnet34Frozen' ? 1 : 3;
  return passes * describeModel(settings.model).flopsPerImage * settings.P * settings.K;
}

/**
 * `?threads=N` in the page's address: N wasm threads whatever the network (to compare thread counts on one machine);
 * undefined (with a console warning) when absent or not an integer 1–8.
 */
export function forcedThreadsFrom(search: string): number | undefined {
  const value = new URLSearchParams(search).get('threads');
  if (value === null) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_WASM_THREADS) return n;
  console.warn(`?threads=${value} is not a whole number from 1 to ${MAX_WASM_THREADS}; choosing by the network.`);
  return undefined;
}
