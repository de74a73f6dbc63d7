/**
 * Synthetic faces for the subspace browser: rendered in the face-render worker (a face costs about a millisecond of
 * CPU once compiled, tens cold, and the browser shows hundreds), then painted through the page's slice-at-a-time
 * canvas queue (drawQueue.ts). A failed worker falls back to rendering on the page.
 */
import type { SyntheticFaces } from '../../../data/synthetic/syntheticFaces';
import { renderFaceOffThread } from '../../../workers/faceRenderClient';
import { drawLater, toImageData } from '../../drawQueue';

/** Face images built or on their way, per dataset (re-clustering the same run redraws them for free). */
const cache = new WeakMap<SyntheticFaces, Map<number, Promise<ImageData>>>();

/** The first image of `identity` as canvas pixels. */
function faceImage(faces: SyntheticFaces, identity: number): Promise<ImageData> {
  let byId = cache.get(faces);
  if (!byId) cache.set(faces, (byId = new Map()));
  let image = byId.get(identity);
  if (!image) {
    const { width, channels } = faces.spec;
    const first = identity * faces.settings.imagesPerIdentity;
    image = renderFaceOffThread(faces, first)
      .catch(() => faces.render(first))
      .then((pixels) => toImageData(pixels, width, channels));
    byId.set(identity, image);
  }
  return image;
}

/** Queues `identity`'s face for `canvas`; the returned function drops the job (unmount, new identity). */
export function drawFaceLater(faces: SyntheticFaces, identity: number, canvas: HTMLCanvasElement): () => void {
  let cancelled = false;
  let drop = (): void => undefined;
  delete canvas.dataset.drawn;
  void faceImage(faces, identity).then((image) => {
    if (!cancelled) drop = drawLater(canvas, (ctx) => ctx.putImageData(image, 0, 0));
  });
  return () => {
    cancelled = true;
    drop();
  };
}

/**
 * While the page is idle: starts the face-render worker with one face, and makes the page's first 2D canvas
 * context (Chromium spends tens of milliseconds on the first one), so neither lands in the first clustering's view.
 */
export function warmFaces(faces: SyntheticFaces): () => void {
  const warm = (): void => {
    void faceImage(faces, 0);
    document.createElement('canvas').getContext('2d')?.putImageData(new ImageData(1, 1), 0, 0);
  };
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(warm, { timeout: 5000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(warm, 1000);
  return () => clearTimeout(timer);
}
