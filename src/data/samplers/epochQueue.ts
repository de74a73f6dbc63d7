/**
 * Identities in shuffled order, each once per epoch, handed out P at a time. When an epoch runs out mid-batch the
 * batch is completed from the next epoch's order, skipping identities already in it, so a batch never holds an
 * identity twice and no identity is dropped from any epoch.
 */
import { assert } from '../../common/assert';
import type { Rng } from '../../common/rng';

export interface EpochQueue {
  /** P distinct items. */
  take(P: number): number[];
  /** Epochs completed before the current one (0-based index of the current epoch). */
  epoch(): number;
  /** Fraction of the current epoch handed out. */
  progress(): number;
}

export function createEpochQueue(items: readonly number[], rng: Rng): EpochQueue {
  assert(items.length > 0, 'epoch queue needs at least one item');
  let order = rng.shuffle([...items]);
  let pos = 0;
  let epoch = 0;
  return {
    take(P) {
      assert(P <= items.length, `cannot take ${P} distinct items from ${items.length}`);
      const batch: number[] = [];
      while (batch.length < P) {
        if (pos === order.length) {
          epoch++;
          pos = 0;
          const inBatch = new Set(batch);
          const next = rng.shuffle([...items]);
          // Items already in this batch go to the back of the new epoch (stable), still once per epoch.
          order = [...next.filter((x) => !inBatch.has(x)), ...next.filter((x) => inBatch.has(x))];
        }
        batch.push(order[pos++] as number);
      }
      return batch;
    },
    epoch: () => epoch,
    progress: () => pos / order.length,
  };
}
