/**
 * The BitmapDecoder of the browser (used inside the decode worker): createImageBitmap with EXIF orientation applied
 * ('from-image', which Chromium honours for JPEG), resized while decoding when the image is much larger than needed,
 * then read back through an OffscreenCanvas. Transparent pixels are composited over white. GIF gives its first frame.
 * Browser-only: tested by the lead's e2e import spec, not in Node.
 */
import type { BitmapDecoder } from './processImage';
import { MIME } from './formats';
import type { RawImage } from './imageSpec';

/** One canvas per worker, reused: allocating a canvas and its context per image costs as much as a small decode. */
let readback: OffscreenCanvasRenderingContext2D | null = null;
function readbackContext(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!readback) {
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context on OffscreenCanvas');
    readback = context;
  }
  if (readback.canvas.width !== width || readback.canvas.height !== height) {
    readback.canvas.width = width;
    readback.canvas.height = height;
  }
  return readback;
}

export const decodeWithImageBitmap: BitmapDecoder = async (bytes, format, resize): Promise<RawImage> => {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME[format] });
  const options: ImageBitmapOptions = {
    imageOrientation: 'from-image',
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'default',
  };
  if (resize) Object.assign(options, { resizeWidth: resize.width, resizeHeight: resize.height, resizeQuality: 'high' });
  const bitmap = await createImageBitmap(blob, options);
  try {
    const ctx = readbackContext(bitmap.width, bitmap.height);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, bitmap.width, bitmap.height);
    ctx.drawImage(bitmap, 0, 0);
    const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: image.width, height: image.height, channels: 4, data: image.data };
  } finally {
    bitmap.close();
  }
};
