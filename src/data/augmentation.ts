/**
 * Data augmentation as plain data: which random transforms a training image goes through, and how strongly, plus the
 * per-image draws of one step. The tensor ops that apply the draws are train/augment.ts; this file holds no tensors,
 * so the URL codec, the Python export and the UI read the same settings.
 *
 * The transforms follow the references: random resized crop and horizontal flip (triplet-reid, FaceNet, torchvision's
 * RandomResizedCrop), a small rotation, brightness / contrast / gamma jitter (torchvision's ColorJitter), an optional
 * Gaussian blur and random erasing (Zhong et al., "Random Erasing Data Augmentation", 2017).
 *
 * Draws are a pure function of (run seed, step, batch size): a resumed run, the inspector and the cpu and wasm
 * backends all see the same views of a step, and nothing random is drawn on the GPU.
 */
import { createRng, type Rng } from '../common/rng';

export interface Augmentation {
  /** Random resized crop: the crop's area is drawn in [cropScale, 1] of the image (1 = no crop). */
  cropScale: number;
  /** Random resized crop: the crop's aspect ratio is drawn log-uniformly in [1/cropRatio, cropRatio] (≥ 1). */
  cropRatio: number;
  /** Mirror left-right with probability ½. */
  flip: boolean;
  /** Rotation drawn uniformly in [−rotation, rotation] degrees (0 = off). */
  rotation: number;
  /** Brightness: add a value drawn in [−brightness, brightness] (pixels in [0, 1]). */
  brightness: number;
  /** Contrast: scale about the image's mean by a factor drawn in [1 − contrast, 1 + contrast]. */
  contrast: number;
  /** Gamma: x ↦ x^γ with log γ drawn uniformly in [−log(1 + gamma), log(1 + gamma)]. */
  gamma: number;
  /** Probability of a Gaussian blur (3×3, σ = 1) mixed in at a strength drawn in [0, 1]. */
  blur: number;
  /** Probability of random erasing: a rectangle of 2–25 % of the image filled with one random grey. */
  erase: number;
}

export type AugmentationPresetId = 'none' | 'light' | 'standard' | 'strong';

export const AUGMENTATION_PRESETS: Record<AugmentationPresetId, Augmentation> = {
  none: { cropScale: 1, cropRatio: 1, flip: false, rotation: 0, brightness: 0, contrast: 0, gamma: 0, blur: 0, erase: 0 },
  light: { cropScale: 0.85, cropRatio: 1.1, flip: true, rotation: 0, brightness: 0.05, contrast: 0.1, gamma: 0, blur: 0, erase: 0 },
  standard: {
    cropScale: 0.7,
    cropRatio: 1.2,
    flip: true,
    rotation: 8,
    brightness: 0.1,
    contrast: 0.2,
    gamma: 0,
    blur: 0,
    erase: 0,
  },
  strong: {
    cropScale: 0.5,
    cropRatio: 1.33,
    flip: true,
    rotation: 15,
    brightness: 0.2,
    contrast: 0.3,
    gamma: 0.3,
    blur: 0.2,
    erase: 0.3,
  },
};

export const AUGMENTATION_PRESET_IDS = Object.keys(AUGMENTATION_PRESETS) as AugmentationPresetId[];

export const NO_AUGMENTATION: Augmentation = AUGMENTATION_PRESETS.none;

/** The preset these settings equal, or 'custom'. */
export function presetOf(a: Augmentation): AugmentationPresetId | 'custom' {
  const keys = Object.keys(NO_AUGMENTATION) as (keyof Augmentation)[];
  return AUGMENTATION_PRESET_IDS.find((id) => keys.every((k) => AUGMENTATION_PRESETS[id][k] === a[k])) ?? 'custom';
}

/** Which ops a step needs: transforms that are off cost nothing. */
export function activeTransforms(a: Augmentation) {
  return {
    geometric: a.cropScale < 1 || a.flip || a.rotation > 0,
    photometric: a.brightness > 0 || a.contrast > 0 || a.gamma > 0,
    blur: a.blur > 0,
    erase: a.erase > 0,
  };
}

export function isAugmenting(a: Augmentation): boolean {
  return Object.values(activeTransforms(a)).some(Boolean);
}

/** One line for tables and logs, e.g. "standard" or "custom (crop ≥ 0.8, flip, rotation ±5°)". */
export function describeAugmentation(a: Augmentation): string {
  const preset = presetOf(a);
  if (preset !== 'custom') return preset;
  const parts: string[] = [];
  if (a.cropScale < 1) parts.push(`crop ≥ ${a.cropScale} (ratio ≤ ${a.cropRatio})`);
  if (a.flip) parts.push('flip');
  if (a.rotation > 0) parts.push(`rotation ±${a.rotation}°`);
  if (a.brightness > 0) parts.push(`brightness ±${a.brightness}`);
  if (a.contrast > 0) parts.push(`contrast ±${a.contrast}`);
  if (a.gamma > 0) parts.push(`gamma ±${a.gamma}`);
  if (a.blur > 0) parts.push(`blur p=${a.blur}`);
  if (a.erase > 0) parts.push(`erase p=${a.erase}`);
  return `custom (${parts.join(', ')})`;
}

/**
 * The random draws of one batch, one entry per image. Geometry is an affine map from output pixel centres to input
 * pixel coordinates (see train/augment.ts); photometric values are identity values (0 / 1) when their transform is off.
 */
export interface AugmentDraws {
  /** [B × 6] per image: a0, a1, a2, b0, b1, b2 with x_in = a0·x + a1·y + a2, y_in = b0·x + b1·y + b2. */
  affine: Float32Array;
  /** [B] additive brightness. */
  brightness: Float32Array;
  /** [B] contrast factor. */
  contrast: Float32Array;
  /** [B] gamma exponent. */
  gamma: Float32Array;
  /** [B] blur strength in [0, 1] (0: not blurred). */
  blur: Float32Array;
  /** [B × 4] erased rectangle y0, y1, x0, x1 in pixels (empty: 0, 0, 0, 0). */
  erase: Float32Array;
  /** [B] grey the rectangle is filled with. */
  eraseValue: Float32Array;
}

/** A 32-bit mix of the run seed, the step and a stream id, so each transform's draws are independent of the others. */
function streamSeed(seed: number, step: number, stream: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [step, stream]) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/**
 * torchvision's RandomResizedCrop box: area in [scale, 1] of the image, log-uniform aspect in [1/ratio, ratio], ten
 * tries to fit, else the whole image. Returns the crop's width, height and top-left corner in pixels.
 */
function cropBox(rng: Rng, size: number, scale: number, ratio: number): { w: number; h: number; x: number; y: number } {
  const area = size * size;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * uniform(rng, scale, 1);
    const aspect = Math.exp(uniform(rng, -Math.log(ratio), Math.log(ratio)));
    const w = Math.sqrt(target * aspect);
    const h = Math.sqrt(target / aspect);
    if (w <= size && h <= size) return { w, h, x: uniform(rng, 0, size - w), y: uniform(rng, 0, size - h) };
  }
  return { w: size, h: size, x: 0, y: 0 };
}

/**
 * The affine map (a0, a1, a2, b0, b1, b2) from output pixel centres to input pixel coordinates that samples the crop
 * `box` (pixels, [x, x + w) × [y, y + h)) of a size×size image back to size×size, mirrored and turned by `theta`
 * radians about the crop's centre. A crop of the whole image, unmirrored and unturned, is the identity.
 */
export function cropAffine(
  size: number,
  box: { w: number; h: number; x: number; y: number },
  mirror = false,
  theta = 0,
): [number, number, number, number, number, number] {
  const c = (size - 1) / 2;
  const sx = ((mirror ? -1 : 1) * box.w) / size;
  const sy = box.h / size;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  // In pixel units of the input, the crop [x, x + w) has its centre pixel coordinate at x + w/2 − ½.
  const cx = box.x + box.w / 2 - 0.5;
  const cy = box.y + box.h / 2 - 0.5;
  // [x_in, y_in] = [cx, cy] + R(θ)·diag(sx, sy)·([x, y] − [c, c])
  const a0 = cos * sx;
  const a1 = -sin * sy;
  const b0 = sin * sx;
  const b1 = cos * sy;
  // `+ 0` turns the −0 of a zero sine into 0, so maps compare equal to hand-written ones.
  return [a0 + 0, a1 + 0, cx - a0 * c - a1 * c + 0, b0 + 0, b1 + 0, cy - b0 * c - b1 * c + 0];
}

/**
 * The draws of training step `step` for a batch of `batchSize` images of `size`×`size` pixels.
 * Geometry: output pixel centre (x, y) ∈ [0, size − 1]² maps to the crop's centre plus the rotated, mirrored and
 * scaled offset from the output's centre, so a crop of the whole image with no flip or rotation is the identity.
 */
export function drawAugmentation(a: Augmentation, batchSize: number, size: number, seed: number, step: number): AugmentDraws {
  const B = batchSize;
  const out: AugmentDraws = {
    affine: new Float32Array(B * 6),
    brightness: new Float32Array(B),
    contrast: new Float32Array(B).fill(1),
    gamma: new Float32Array(B).fill(1),
    blur: new Float32Array(B),
    erase: new Float32Array(B * 4),
    eraseValue: new Float32Array(B),
  };
  const geometry = createRng(streamSeed(seed, step, 1));
  const colour = createRng(streamSeed(seed, step, 2));
  const blur = createRng(streamSeed(seed, step, 3));
  const erase = createRng(streamSeed(seed, step, 4));
  for (let i = 0; i < B; i++) {
    const box = a.cropScale < 1 ? cropBox(geometry, size, a.cropScale, Math.max(1, a.cropRatio)) : { w: size, h: size, x: 0, y: 0 };
    const mirror = a.flip && geometry.next() < 0.5 ? -1 : 1;
    const theta = a.rotation > 0 ? (uniform(geometry, -a.rotation, a.rotation) * Math.PI) / 180 : 0;
    out.affine.set(cropAffine(size, box, mirror === -1, theta), i * 6);
    if (a.brightness > 0) out.brightness[i] = uniform(colour, -a.brightness, a.brightness);
    if (a.contrast > 0) out.contrast[i] = uniform(colour, 1 - a.contrast, 1 + a.contrast);
    if (a.gamma > 0) out.gamma[i] = Math.exp(uniform(colour, -Math.log(1 + a.gamma), Math.log(1 + a.gamma)));
    if (a.blur > 0 && blur.next() < a.blur) out.blur[i] = blur.next();
    if (a.erase > 0 && erase.next() < a.erase) {
      // Zhong et al.: area 2–25 % of the image (their s_h = 0.4 is too much at 32×32), aspect in [0.3, 3.3].
      const area = uniform(erase, 0.02, 0.25) * size * size;
      const aspect = Math.exp(uniform(erase, Math.log(0.3), Math.log(1 / 0.3)));
      const h = Math.max(1, Math.min(size, Math.round(Math.sqrt(area * aspect))));
      const w = Math.max(1, Math.min(size, Math.round(Math.sqrt(area / aspect))));
      const y0 = erase.int(size - h + 1);
      const x0 = erase.int(size - w + 1);
      out.erase.set([y0, y0 + h, x0, x0 + w], i * 4);
      out.eraseValue[i] = erase.next();
    }
  }
  return out;
}

/** Test-time augmentation (train/testTimeAugmentation.ts): which views of an image an evaluation averages. */
export type TestTimeAugmentation = 'none' | 'flip' | 'flip5crop';

export const TEST_TIME_AUGMENTATIONS: { id: TestTimeAugmentation; label: string }[] = [
  { id: 'none', label: 'none' },
  { id: 'flip', label: 'image + mirror' },
  { id: 'flip5crop', label: 'image, centre and 4 corner crops, each + mirror (12 views)' },
];
