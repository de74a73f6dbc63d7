/**
 * The share of the page's main thread that its redraws (charts, thumbnails) may take while training on the CPU takes
 * every core (wasm threads = cores). After each redraw task the queue then pauses in proportion to the task's own
 * length, so a machine that draws fast sees no difference and one that draws slowly sees fewer redraws, each with the
 * latest data, rather than fewer training steps.
 *
 * Each millisecond the page draws then is one a training thread waits for: XNNPACK's threads meet after every kernel, so one preempted thread holds up the others. Measured on
 * 2 cores with the standard network: the lab with its charts drawn ~1 s apart ran 1.10–1.17× as fast on 2 threads as
 * on 1; with redraws held to CONTENDED_SHARE, 1.30–1.31× (a chart redraw with Plotly costs ~30 ms there, plus
 * compositing).
 */
import type { BackendReport } from '../train/backend';

/** The page has a core of its own: no pauses. */
export const FREE_SHARE = 1;
/** When training takes every core: a pause of 32× each redraw (a 30 ms chart redraw, then ~1 s for training). */
export const CONTENDED_SHARE = 0.03;

let share = FREE_SHARE;

export function setDrawShare(next: number): void {
  share = next;
}

export const drawShare = (): number => share;

/** The pause after a redraw task of `spentMs`, so that redraws take at most the current share of the main thread. */
export function pauseAfter(spentMs: number): number {
  return Math.max(0, spentMs) * (1 / share - 1);
}

/**
 * Whether training, while running, leaves the page no core of its own: a CPU backend with as many threads as cores.
 * On WebGPU and WebGL the worker's thread mostly waits for the GPU.
 */
export function takesEveryCore(report: BackendReport, cores: number | undefined): boolean {
  if (report.name !== 'wasm' && report.name !== 'cpu') return false;
  return (report.threads ?? 1) >= Math.max(1, cores ?? 1);
}
