/// <reference lib="webworker" />
/**
 * The raw loop (rawLoop.ts) in a dedicated worker, as the lab trains: there XNNPACK's threads wait on Atomics.wait,
 * which a page's main thread may not. Messages: { query } starts it and answers { info } (or { error }); { steps: n }
 * answers { ms }.
 */
import { startRawLoop, type RawLoop } from './rawLoop';

let loop: RawLoop | null = null;
self.onmessage = async ({ data }: MessageEvent<{ query?: string; steps?: number }>) => {
  try {
    if (data.query !== undefined) {
      loop = await startRawLoop(new URLSearchParams(data.query));
      self.postMessage({ info: loop.info });
    } else if (data.steps !== undefined && loop) self.postMessage({ ms: await loop.steps(data.steps) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
