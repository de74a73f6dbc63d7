/**
 * Worker termination, one at a time. Traced in Chromium 2026-12: when an import ended and its two decode workers and
 * its storage worker were terminated together, the page's tasks that learn of a worker's end
 * (DidTerminateWorkerThread) blocked the main thread 212 and 141 ms (4 ms of CPU: waiting while the other workers'
 * isolates tore down). A worker terminated alone cost the page 2–5 ms. So terminations are spaced RETIRE_GAP_MS
 * apart, page-wide; a worker waiting for its turn is already detached (its client ignores it), it only lingers.
 */

/** Longer than the slowest worker teardown traced (334 ms: the archive worker after a 300 MiB read). */
export const RETIRE_GAP_MS = 750;

export interface Terminable {
  terminate(): void;
}

let nextAt = -Infinity;

/**
 * Terminates `worker` now, or RETIRE_GAP_MS after the previous termination if that one was more recent. Only a real
 * Worker has a thread to tear down; anything else (an in-process stand-in) is terminated at once.
 */
export function retire(worker: Terminable): void {
  if (typeof Worker === 'undefined' || !(worker instanceof Worker)) return worker.terminate();
  const now = Date.now();
  const at = Math.max(now, nextAt);
  nextAt = at + RETIRE_GAP_MS;
  if (at <= now) worker.terminate();
  else setTimeout(() => worker.terminate(), at - now);
}
