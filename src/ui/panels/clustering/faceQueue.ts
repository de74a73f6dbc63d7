/**
 * Draws synthetic faces into canvases a slice at a time. Rendering one face costs about a millisecond of page
 * thread, so a subspace browser of hundreds of faces drawn at once would freeze the page; here each task draws for
 * at most SLICE_MS and no React state changes per face.
 */
import type { SyntheticFaces } from '../../../data/synthetic/syntheticFaces';

const SLICE_MS = 6;

interface Job {
  faces: SyntheticFaces;
  identity: number;
  canvas: HTMLCanvasElement;
  cancelled: boolean;
}

let queue: Job[] = [];
let scheduled = false;
/** Face images already built, per dataset (re-clustering the same run redraws them for free). */
const cache = new WeakMap<SyntheticFaces, Map<number, ImageData>>();

/** The first image of `identity` as canvas pixels (HWC uint8, 1 or 3 channels → RGBA). */
function faceImage(faces: SyntheticFaces, identity: number): ImageData {
  let byId = cache.get(faces);
  if (!byId) cache.set(faces, (byId = new Map()));
  let image = byId.get(identity);
  if (!image) {
    const { width, channels } = faces.spec;
    const pixels = faces.render(identity * faces.settings.imagesPerIdentity);
    image = new ImageData(width, width);
    for (let i = 0; i < width * width; i++) {
      for (let c = 0; c < 3; c++) image.data[i * 4 + c] = pixels[i * channels + (channels === 3 ? c : 0)] as number;
      image.data[i * 4 + 3] = 255;
    }
    byId.set(identity, image);
  }
  return image;
}

function pump(): void {
  scheduled = false;
  const start = performance.now();
  let at = 0;
  while (at < queue.length && performance.now() - start < SLICE_MS) {
    const job = queue[at++] as Job;
    if (job.cancelled || !job.canvas.isConnected) continue;
    job.canvas.getContext('2d')?.putImageData(faceImage(job.faces, job.identity), 0, 0);
    job.canvas.dataset.drawn = 'true';
  }
  queue = queue.slice(at);
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(pump, 0);
}

/** Queues `identity`'s face for `canvas`; the returned function drops the job (unmount, new identity). */
export function drawFaceLater(faces: SyntheticFaces, identity: number, canvas: HTMLCanvasElement): () => void {
  const job: Job = { faces, identity, canvas, cancelled: false };
  queue.push(job);
  schedule();
  return () => {
    job.cancelled = true;
  };
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
