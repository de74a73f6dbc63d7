/**
 * Synthetic faces for the subspace browser, drawn through the page's slice-at-a-time canvas queue (drawQueue.ts):
 * rendering one face costs about a millisecond of page thread, and the browser shows hundreds.
 */
import type { SyntheticFaces } from '../../../data/synthetic/syntheticFaces';
import { drawLater, toImageData } from '../../drawQueue';

/** Face images already built, per dataset (re-clustering the same run redraws them for free). */
const cache = new WeakMap<SyntheticFaces, Map<number, ImageData>>();

/** The first image of `identity` as canvas pixels. */
function faceImage(faces: SyntheticFaces, identity: number): ImageData {
  let byId = cache.get(faces);
  if (!byId) cache.set(faces, (byId = new Map()));
  let image = byId.get(identity);
  if (!image) {
    const { width, channels } = faces.spec;
    image = toImageData(faces.render(identity * faces.settings.imagesPerIdentity), width, channels);
    byId.set(identity, image);
  }
  return image;
}

/** Queues `identity`'s face for `canvas`; the returned function drops the job (unmount, new identity). */
export function drawFaceLater(faces: SyntheticFaces, identity: number, canvas: HTMLCanvasElement): () => void {
  return drawLater(canvas, (ctx) => ctx.putImageData(faceImage(faces, identity), 0, 0));
}

/**
 * Draws one face while the page is idle, so the first slice after a clustering does not pay for compiling the face
 * renderer (the first faces cost ~10× the later ones).
 */
export function warmFaces(faces: SyntheticFaces): () => void {
  const warm = () => void faceImage(faces, 0);
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(warm, { timeout: 5000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(warm, 1000);
  return () => clearTimeout(timer);
}
