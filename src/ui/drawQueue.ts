/**
 * Canvas drawing a slice at a time. Some thumbnails cost real page time to produce (a synthetic face is rendered
 * from its seed, about a millisecond each); a view that draws a dozen of them in one task while training runs makes
 * a long task and takes CPU from the training worker at once. Here each task draws for at most SLICE_MS, then
 * yields to the page, for longer when drawing is slow (drawBudget.ts).
 */
import { pauseAfter } from './drawBudget';

const SLICE_MS = 6;

interface Job {
  canvas: HTMLCanvasElement;
  paint: (ctx: CanvasRenderingContext2D) => void;
  cancelled: boolean;
}

let queue: Job[] = [];
let scheduled = false;

function pump(): void {
  scheduled = false;
  const start = performance.now();
  let at = 0;
  while (at < queue.length && performance.now() - start < SLICE_MS) {
    const job = queue[at++] as Job;
    if (job.cancelled || !job.canvas.isConnected) continue;
    const ctx = job.canvas.getContext('2d');
    if (ctx) job.paint(ctx);
    job.canvas.dataset.drawn = 'true';
  }
  queue = queue.slice(at);
  if (queue.length > 0) schedule(pauseAfter(performance.now() - start));
}

function schedule(delay = 0): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(pump, delay);
}

/** Queues `paint` for `canvas` (its `data-drawn` is set once painted); the returned function drops the job. */
export function drawLater(canvas: HTMLCanvasElement, paint: (ctx: CanvasRenderingContext2D) => void): () => void {
  const job: Job = { canvas, paint, cancelled: false };
  delete canvas.dataset.drawn;
  queue.push(job);
  schedule();
  return () => {
    job.cancelled = true;
  };
}

/** HWC uint8 pixels (1 or 3 channels) as canvas RGBA. */
export function toImageData(pixels: Uint8Array, size: number, channels: 1 | 3): ImageData {
  const image = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) image.data[i * 4 + c] = pixels[i * channels + (channels === 3 ? c : 0)] as number;
    image.data[i * 4 + 3] = 255;
  }
  return image;
}
