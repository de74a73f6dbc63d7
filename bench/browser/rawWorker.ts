/// <reference lib="webworker" />
/**
 * The raw loop (rawLoop.ts) in a dedicated worker, as the lab trains: there XNNPACK's threads wait on Atomics.wait,
 * which a page's main thread may not. Messages: { query, shared? } starts it and answers { info } (or { error }); { steps: n }
 * answers { ms }; { profile: n } answers { kernels } (ms and calls per kernel).
 */
import { startRawLoop, type RawLoop } from './rawLoop';

let loop: RawLoop | null = null;
self.onmessage = async ({
  data,
}: MessageEvent<{ query?: string; shared?: SharedArrayBuffer; steps?: number; profile?: number }>) => {
  try {
    if (data.query !== undefined) {
      loop = await startRawLoop(new URLSearchParams(data.query), data.shared);
      self.postMessage({ info: loop.info });
    } else if (data.steps !== undefined && loop) self.postMessage({ ms: await loop.steps(data.steps) });
    else if (data.profile !== undefined && loop) self.postMessage({ kernels: await loop.profile(data.profile) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
