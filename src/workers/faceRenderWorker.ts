/// <reference lib="webworker" />
/**
 * Synthetic faces rendered off the page thread: the rasteriser costs about a millisecond a face once compiled and
 * tens of milliseconds cold, and a view shows hundreds. onmessage → data/synthetic → postMessage.
 */
import { createSyntheticFaces, type SyntheticFaces } from '../data/synthetic/syntheticFaces';
import type { FaceRenderRequest, FaceRenderResponse } from './faceRenderProtocol';
import { serve } from './rpc';

const datasets = new Map<string, SyntheticFaces>();

serve<FaceRenderRequest, FaceRenderResponse>(
  ({ id, settings, images }) => {
    const key = JSON.stringify(settings);
    let faces = datasets.get(key);
    if (!faces) datasets.set(key, (faces = createSyntheticFaces(settings)));
    const { width, height, channels } = faces.spec;
    const size = width * height * channels;
    const pixels = new Uint8Array(images.length * size);
    images.forEach((image, i) => faces.render(image, pixels, i * size));
    return { id, type: 'pixels', pixels };
  },
  { transfer: (reply) => (reply.type === 'pixels' ? [reply.pixels.buffer] : []) },
);
