import { useEffect, useRef } from 'react';

/** A stored image (HWC uint8, 1 or 3 channels) drawn to a canvas, scaled up without smoothing. */
export function Thumb({ pixels, size, channels, label, scale = 2 }: { pixels: Uint8Array; size: number; channels: 1 | 3; label: string; scale?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      for (let c = 0; c < 3; c++) image.data[i * 4 + c] = pixels[i * channels + (channels === 3 ? c : 0)] as number;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels, size, channels]);
  return <canvas ref={canvas} width={size} height={size} className="thumb" style={{ width: size * scale, height: size * scale }} role="img" aria-label={label} />;
}
