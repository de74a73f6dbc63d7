/** Messages of the UMAP worker: one projection per request, with progress by epoch. */
export type UmapRequest = { id: number; type: 'umap'; data: Float32Array; dim: number; seed: number };
export type UmapResponse =
  | { id: number; type: 'progress'; epoch: number; epochs: number }
  | { id: number; type: 'result'; points: Float32Array }
  | { id: number; type: 'error'; message: string };
