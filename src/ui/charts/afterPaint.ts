/**
 * Chart redraws, one per frame, each just after the browser has painted. Plotly measures text while it draws (a
 * forced layout), so a redraw that starts with other DOM changes pending lays those out too: of three charts
 * redrawn back to back, the second paid for the first one's layout and became a long task. Here every redraw
 * starts on a laid-out page and the browser paints between two of them. A hidden tab paints nothing, so queued
 * redraws wait until it is shown again. Redraws take at most drawBudget.ts's share of the main thread.
 */
import { pauseAfter } from '../drawBudget';

const jobs: { job: () => void; key: object | undefined }[] = [];
let pumping = false;

function next(): void {
  const job = jobs.shift()?.job;
  if (!job) {
    pumping = false;
    return;
  }
  // A task queued from requestAnimationFrame runs once that frame is painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      const start = performance.now();
      try {
        job();
      } finally {
        // The next redraw waits in proportion to this one (drawBudget.ts): slow redraws come less often.
        const pause = pauseAfter(performance.now() - start);
        if (pause > 0) setTimeout(next, pause);
        else next();
      }
    }, 0),
  );
}

/**
 * Runs `job` after the next paint, after every job queued before it (one per frame). A job queued with the `key` of
 * one still waiting takes that one's place in the queue: a chart asked to redraw again before its turn draws once,
 * with the latest. (Queued at the back instead, on a page slower than its redraws, the latest redraw was always
 * behind a superseded one and the chart never redrew.)
 */
export function afterPaint(job: () => void, key?: object): void {
  const waiting = key === undefined ? undefined : jobs.find((j) => j.key === key);
  if (waiting) {
    waiting.job = job;
    return;
  }
  jobs.push({ job, key });
  if (pumping) return;
  pumping = true;
  next();
}
