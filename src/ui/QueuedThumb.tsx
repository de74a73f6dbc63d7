import { useEffect, useRef } from 'react';
import type { ImageLookup } from '../state/datasetImages';
import { drawLater, toImageData } from './drawQueue';

/**
 * Dataset image `image` drawn to a canvas through the draw queue: its pixels are produced (a synthetic face is
 * rendered) only when the queue reaches it, a few per task, never during a React render.
 */
export function QueuedThumb({
  images,
  image,
  label,
  scale = 2,
}: {
  images: ImageLookup;
  image: number;
  label: string;
  scale?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { size, channels } = images;
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    return drawLater(c, (ctx) => ctx.putImageData(toImageData(images.pixels(image), size, channels), 0, 0));
  }, [images, image, size, channels]);
  return (
    <canvas
      ref={canvas}
      width={size}
      height={size}
      className="thumb"
      style={{ width: size * scale, height: size * scale }}
      role="img"
      aria-label={label}
    />
  );
}
