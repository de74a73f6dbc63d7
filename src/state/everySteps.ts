/**
 * Runs a task each time training, while running, crosses a multiple of `every` steps (background evaluation and
 * re-clustering). A reset moves back without running it.
 * @param store the lab's store (its training step, status and run)
 * @returns a function that stops watching
 */
import type { LabState, Store } from './store';

export function everySteps(store: Store<LabState>, every: number, task: () => void): () => void {
  let bucket = Math.floor(store.get().training.step / every);
  return store.subscribe(() => {
    const { training, run } = store.get();
    const now = Math.floor(training.step / every);
    if (now === bucket) return;
    const crossed = now > bucket;
    bucket = now;
    if (crossed && training.status === 'running' && run) task();
  });
}
