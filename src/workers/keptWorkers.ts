/**
 * The import's workers, kept between uses while the tab is visible. Ending a worker blocks the page while the
 * worker's thread tears down: traced in Chromium after a 300 MiB import, the task that learns of a decode worker's
 * end (DidTerminateWorkerThread) held the main thread 193–405 ms with 4–11 ms of CPU, even with the workers ended
 * one at a time (retire.ts). So a pool made for one import serves the next one, the webcam and the dataset view too,
 * and is ended only once the tab is hidden and nothing uses it, where a blocked page is seen by nobody.
 */
import { createBrowserDecodePool, type DecodePool } from './decodePool';
import { createFaceAlignPool } from './faceAlignPool';
import { createStoreClient, type StoreClient } from './storeClient';

export interface Kept<T> {
  /** Runs `task` with the kept instance (made on first use), which is not ended while any task runs. */
  use<R>(task: (instance: T) => Promise<R>): Promise<R>;
}

/** Hooks into the page's visibility; tests pass their own. */
export interface VisibilityLike {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
}

export function kept<T>(
  make: () => T,
  end: (instance: T) => void,
  page: VisibilityLike | undefined = typeof document === 'undefined' ? undefined : document,
): Kept<T> {
  let instance: T | null = null;
  let users = 0;
  const release = (): void => {
    if (!page?.hidden || users > 0 || instance === null) return;
    end(instance);
    instance = null;
  };
  page?.addEventListener('visibilitychange', release);
  return {
    async use(task) {
      users++;
      try {
        return await task((instance ??= make()));
      } finally {
        users--;
        release();
      }
    },
  };
}

const endPool = (pool: DecodePool): void => pool.terminate();

/** One decode worker per core (the plain import). */
export const keptDecodePool = kept(createBrowserDecodePool, endPool);
/** Face-align workers (the aligned import): each holds a detector, which is also why they are not ended per import. */
export const keptFaceAlignPool = kept(createFaceAlignPool, endPool);
/** The storage worker: the import's chunk writes and the dataset view's thumbnail reads. */
export const keptStoreClient = kept<StoreClient>(createStoreClient, (client) => client.close());
