/**
 * One clock for the views that follow training. A paced view re-renders at most every `period` ms, and every view that
 * is due re-renders in the same task, so React commits them together as one frame. Each frame is work for the
 * compositor (with SwiftShader about 80 ms of CPU, which the training worker is short of on a 2-core machine); views
 * on timers of their own took a frame each.
 */
const TICK_MS = 250;

interface PacedView {
  period: number;
  last: number;
  dirty: boolean;
  flush: () => void;
}

const views = new Set<PacedView>();
let timer: ReturnType<typeof setTimeout> | null = null;
let lastTick = -Infinity;

function tick(): void {
  timer = null;
  const now = performance.now();
  lastTick = now;
  let waiting = false;
  for (const view of views) {
    if (!view.dirty) continue;
    // Ticks are TICK_MS apart, so a view of period 1,000 is due on every fourth, with the views of period 250.
    if (now - view.last >= view.period - TICK_MS / 2) {
      view.dirty = false;
      view.last = now;
      view.flush();
    } else waiting = true;
  }
  if (waiting) schedule();
}

function schedule(): void {
  timer ??= setTimeout(tick, Math.max(0, lastTick + TICK_MS - performance.now()));
}

/**
 * Registers a view that re-renders with `flush`; call `changed` when what it shows changed (it then flushes on the
 * next tick at which its period has passed, at most TICK_MS late) and `stop` when it unmounts.
 */
export function pace(period: number, flush: () => void): { changed(): void; stop(): void } {
  const view: PacedView = { period, last: -Infinity, dirty: false, flush };
  views.add(view);
  return {
    changed() {
      view.dirty = true;
      schedule();
    },
    stop() {
      views.delete(view);
    },
  };
}
