/**
 * The share of the page's main thread that its redraws (charts, thumbnails) may take while training on the CPU takes
 * every core (wasm threads = cores). After each redraw task the queue then pauses in proportion to the task's own
 * length, so a machine that draws fast sees no difference and one that draws slowly sees fewer redraws, each with the
 * latest data, rather than fewer training steps.
 *
 * Each millisecond the page draws then is one a training thread waits for: XNNPACK's threads meet after every
 * kernel, so one preempted thread holds up the others. On 2 cores a Plotly chart redraw costs ~30 ms of the main
 * thread, plus compositing on the CPU. The lab training the standard network ran 1.16× as fast on its 2 threads as on
 * 1 (IQR 1.08–1.21) with charts redrawn every second, 1.22× (IQR 1.20–1.23) with redraws held to CONTENDED_SHARE.
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
