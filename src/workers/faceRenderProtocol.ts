/**
 * Messages between the page and the face-render worker: one request renders a list of synthetic images of one
 * dataset and is answered with their pixels, packed one after another ([n × H × W × C] uint8, transferred).
 */
import type { SyntheticFacesSettings } from '../data/synthetic/syntheticFaces';

export interface FaceRenderRequest {
  id: number;
  type: 'render';
  settings: SyntheticFacesSettings;
  images: Int32Array;
}

export type FaceRenderResponse =
  { id: number; type: 'pixels'; pixels: Uint8Array } | { id: number; type: 'error'; message: string };
