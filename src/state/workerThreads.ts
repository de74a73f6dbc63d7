/**
 * The wasm threads a training worker should start with for a configuration: `?threads=N` when the address names it,
 * otherwise what suits the network on this machine (train/wasmThreads.ts). wasm fixes its thread count when its
 * backend starts, so lab.ts starts another worker when a configuration wants another count.
 */
import { stepFlopsOf, wasmThreadsFor } from '../train/wasmThreads';
import type { LabConfig } from './config';

export function threadsFor(config: LabConfig, forced: number | undefined): number {
  if (forced !== undefined) return forced;
  let flops = 0;
  try {
    flops = stepFlopsOf(config.trainer);
  } catch {
    // An invalid network: the worker refuses it with the reason when configured.
  }
  return wasmThreadsFor(globalThis.navigator?.hardwareConcurrency, flops);
}
