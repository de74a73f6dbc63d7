/** Cancellation for long clustering runs: an AbortSignal, or any object with an `aborted` flag, polled between steps. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Thrown by `kmeans` / `kmeansAsync` (and the worker client) when the run was cancelled through its signal. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'k-means cancelled') {
    super(message);
  }
}

/** True when `error` is a cancellation, whether thrown here or rebuilt from a worker reply. */
export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'CancelledError');
}
