/**
 * Centre crop + resize to the stored form, in plain TypeScript so it is deterministic and testable in Node.
 * Downscaling averages the exact source area under each output pixel (a box filter with fractional coverage, what
 * Pillow calls BOX and OpenCV INTER_AREA); upscaling is bilinear with half-pixel centres. Both are separable, so
 * the image is filtered along x then along y. Gray from colour uses the BT.601 luma weights.
 */
import type { ImageSpec, RawImage } from './imageSpec';

/** Per output pixel along one axis: `taps` source indices and weights (weights sum to 1). */
interface AxisFilter {
  taps: number;
  index: Int32Array;
  weight: Float64Array;
}

/** Filter mapping source positions [0, srcLen) to dstLen outputs. */
function axisFilter(srcLen: number, dstLen: number): AxisFilter {
  const s = srcLen / dstLen;
  if (dstLen < srcLen) {
    const taps = Math.ceil(s) + 1;
    const index = new Int32Array(dstLen * taps);
    const weight = new Float64Array(dstLen * taps);
    for (let j = 0; j < dstLen; j++) {
      const a = j * s;
      const b = Math.min((j + 1) * s, srcLen);
      let t = 0;
      for (let k = Math.floor(a); k < b && t < taps; k++, t++) {
        index[j * taps + t] = k;
        weight[j * taps + t] = (Math.min(k + 1, b) - Math.max(k, a)) / s;
      }
    }
    return { taps, index, weight };
  }
  const index = new Int32Array(dstLen * 2);
  const weight = new Float64Array(dstLen * 2);
  for (let j = 0; j < dstLen; j++) {
    const x = Math.min(Math.max((j + 0.5) * s - 0.5, 0), srcLen - 1);
    const x0 = Math.floor(x);
    const f = x - x0;
    index[2 * j] = x0;
    index[2 * j + 1] = Math.min(x0 + 1, srcLen - 1);
    weight[2 * j] = 1 - f;
    weight[2 * j + 1] = f;
  }
  return { taps: 2, index, weight };
}

/** The centred crop of a w×h image with the aspect width/height of `spec` (integer pixels). */
export function centreCrop(
  w: number,
  h: number,
  spec: Pick<ImageSpec, 'width' | 'height'>,
): { x: number; y: number; width: number; height: number } {
  const aspect = spec.width / spec.height;
  let cw = w;
  let ch = h;
  if (w / h > aspect) cw = Math.max(1, Math.round(h * aspect));
  else ch = Math.max(1, Math.round(w / aspect));
  return { x: Math.floor((w - cw) / 2), y: Math.floor((h - ch) / 2), width: cw, height: ch };
}

/** Converted float planes of the crop: [cropH, cropW, C] with C = spec.channels. Alpha is ignored. */
function cropToFloat(src: RawImage, crop: ReturnType<typeof centreCrop>, channels: 1 | 3): Float64Array {
  const out = new Float64Array(crop.width * crop.height * channels);
  const sc = src.channels;
  const d = src.data;
  let o = 0;
  for (let y = 0; y < crop.height; y++) {
    let p = ((crop.y + y) * src.width + crop.x) * sc;
    for (let x = 0; x < crop.width; x++, p += sc) {
      if (sc === 1) {
        const v = d[p] as number;
        out[o++] = v;
        if (channels === 3) {
          out[o++] = v;
          out[o++] = v;
        }
      } else if (channels === 1) {
        out[o++] = 0.299 * (d[p] as number) + 0.587 * (d[p + 1] as number) + 0.114 * (d[p + 2] as number);
      } else {
        out[o++] = d[p] as number;
        out[o++] = d[p + 1] as number;
        out[o++] = d[p + 2] as number;
      }
    }
  }
  return out;
}

/**
 * Centre-crop `src` to the aspect of `spec`, convert its channels and resample it to spec.width × spec.height.
 * @returns a new Uint8Array [height, width, channels] (caller owns it)
 */
export function toStoredImage(src: RawImage, spec: ImageSpec): Uint8Array {
  const crop = centreCrop(src.width, src.height, spec);
  const C = spec.channels;
  const plane = cropToFloat(src, crop, C);
  const fx = axisFilter(crop.width, spec.width);
  const fy = axisFilter(crop.height, spec.height);
  const W = spec.width;
  // Pass 1, along x: [cropH, W, C].
  const mid = new Float64Array(crop.height * W * C);
  for (let y = 0; y < crop.height; y++) {
    const row = y * crop.width * C;
    for (let j = 0; j < W; j++) {
      for (let t = 0; t < fx.taps; t++) {
        const w = fx.weight[j * fx.taps + t] as number;
        if (w === 0) continue;
        const sp = row + (fx.index[j * fx.taps + t] as number) * C;
        const dp = (y * W + j) * C;
        for (let c = 0; c < C; c++) mid[dp + c] = (mid[dp + c] as number) + w * (plane[sp + c] as number);
      }
    }
  }
  // Pass 2, along y: [H, W, C], rounded to uint8.
  const out = new Uint8Array(spec.height * W * C);
  const acc = new Float64Array(W * C);
  for (let i = 0; i < spec.height; i++) {
    acc.fill(0);
    for (let t = 0; t < fy.taps; t++) {
      const w = fy.weight[i * fy.taps + t] as number;
      if (w === 0) continue;
      const sp = (fy.index[i * fy.taps + t] as number) * W * C;
      for (let k = 0; k < W * C; k++) acc[k] = (acc[k] as number) + w * (mid[sp + k] as number);
    }
    for (let k = 0; k < W * C; k++) out[i * W * C + k] = Math.min(255, Math.max(0, Math.round(acc[k] as number)));
  }
  return out;
}
