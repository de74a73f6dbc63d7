/**
 * Runs a task each time training, while running, crosses a multiple of `every` steps (background evaluation and
 * re-clustering). A reset moves back without running it.
 * @returns a function that stops watching
 */
import { lab } from './lab';

export function everySteps(every: number, task: () => void): () => void {
  let bucket = Math.floor(lab.store.get().training.step / every);
  return lab.store.subscribe(() => {
    const { training, run } = lab.store.get();
    const now = Math.floor(training.step / every);
    if (now === bucket) return;
    const crossed = now > bucket;
    bucket = now;
    if (crossed && training.status === 'running' && run) task();
  });
}
