import { useEffect, useRef } from 'react';
import { drawLater } from '../../drawQueue';

export interface ImageStripProps {
  /** `count` images of [height, width, channels] uint8 (HWC), one after another. */
  pixels: Uint8Array;
  count: number;
  width: number;
  height: number;
  channels: 1 | 3;
  /** CSS pixels per image pixel: small images are upscaled without smoothing. */
  scale?: number;
  label: string;
  testId?: string;
}

const GAP = 1;

/** Stored images side by side on one canvas (one canvas per row, not per image: rows of a big dataset stay cheap). */
export function ImageStrip({ pixels, count, width, height, channels, scale = 2, label, testId }: ImageStripProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const w = Math.max(1, count * (width + GAP) - GAP);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Through the draw queue: a view of 50 rows mounts 50 strips, and their 2D contexts and pixel copies in one
    // task were a long task.
    return drawLater(c, (ctx) => {
      const image = ctx.createImageData(w, height);
      image.data.fill(255);
      const size = width * height * channels;
      for (let n = 0; n < count; n++) {
        const x0 = n * (width + GAP);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const src = n * size + (y * width + x) * channels;
            const dst = (y * w + x0 + x) * 4;
            const r = pixels[src] ?? 0;
            image.data[dst] = r;
            image.data[dst + 1] = channels === 3 ? (pixels[src + 1] ?? 0) : r;
            image.data[dst + 2] = channels === 3 ? (pixels[src + 2] ?? 0) : r;
          }
        }
      }
      ctx.putImageData(image, 0, 0);
    });
  }, [pixels, count, width, height, channels, w]);
  return (
    <canvas
      ref={canvas}
      width={w}
      height={height}
      className="data-strip"
      style={{ width: w * scale, height: height * scale }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
