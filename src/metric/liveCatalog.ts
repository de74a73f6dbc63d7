/**
 * The catalog straight from the registry: what `virtual:loss-catalog` resolves to in Node (vitest), where loading
 * tfjs costs nothing, so a loss registered by a test is listed at once. The page's build replaces it with
 * `plainCatalog()`'s JSON (vite.config.ts), the same data without the bodies and without tfjs.
 */
import { lossInfoOf } from './lossEntry';
import type { LossInfo } from './lossInfo';
import { LOSS_ENTRIES, LOSS_IDS, type LossId, type LossOptionsById } from './registry';
import type { BaseLossOptions } from './types';

export const LOSSES = LOSS_ENTRIES as { readonly [K in LossId]: LossInfo<LossOptionsById[K]> };
export { LOSS_IDS };

/** Every entry without its body: plain data, as JSON can carry it. */
export function plainCatalog(): Record<string, LossInfo<BaseLossOptions>> {
  return Object.fromEntries(LOSS_IDS.map((id) => [id, lossInfoOf(LOSS_ENTRIES[id] as never)]));
}
