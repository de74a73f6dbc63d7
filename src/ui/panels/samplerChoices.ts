import type { TrainerSettings } from '../../train/settings';

/** The batch samplers offered in the Model & loss panel and the lesson view. */
export const SAMPLERS: { id: TrainerSettings['sampler']; label: string }[] = [
  { id: 'pk', label: 'P×K (Hermans)' },
  { id: 'facenet', label: 'FaceNet (P×K + random others)' },
  { id: 'random', label: 'Random images' },
  { id: 'subspace', label: 'Subspace (run Clustering first)' },
];
