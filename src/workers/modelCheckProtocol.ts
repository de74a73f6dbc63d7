/** Messages of the model-check worker: one pick of model files per request, answered with what loaded. */
import type { LoadedModelInfo } from '../model/modelCheck';

export type { LoadedModelInfo };

export type ModelCheckRequest = {
  id: number;
  type: 'check';
  /** model.json first, then its weight files (Files are cloned by reference, not copied). */
  files: File[];
};

export type ModelCheckResponse =
  { id: number; type: 'checked'; info: LoadedModelInfo } | { id: number; type: 'error'; message: string };
