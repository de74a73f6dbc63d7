/**
 * Applies one step's augmentation draws (data/augmentation.ts) to a batch on the backend: tfjs ops inside the
 * training step's tidy, so the augmented pixels never leave the GPU and no value is read back. The draws are made on
 * the CPU from the run's seed and uploaded as a few small tensors, so cpu, wasm, WebGL and WebGPU train on the same
 * views up to float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { activeTransforms, type AugmentDraws, type Augmentation } from '../data/augmentation';

/** A 3×3 Gaussian with σ = 1, normalised (outer product of [e^-½, 1, e^-½] / sum). */
const GAUSS_1D = (() => {
  const w = [Math.exp(-0.5), 1, Math.exp(-0.5)];
  const s = w[0]! + w[1]! + w[2]!;
  return w.map((v) => v / s);
})();

/** Pixels are floored here before a gamma (0^γ is 0 anyway, and log 0 is −∞). */
const GAMMA_FLOOR = 1e-6;

/**
 * The warp on the active backend: tf.image.transform's kernel (wasm's is 8× faster than the gathers), except on
 * tfjs-backend-cpu 4.22, whose Transform returns after the first image of a batch (the rest stay zero).
 */
function resample(images: tf.Tensor4D, affine: Float32Array): tf.Tensor4D {
  if (tf.getBackend() === 'cpu') return warpAffine(images, affine);
  const B = images.shape[0];
  const rows = new Float32Array(B * 8);
  for (let i = 0; i < B; i++) rows.set(affine.subarray(i * 6, i * 6 + 6), i * 8);
  // 'nearest' fill clamps points outside the image to the border, as warpAffine does.
  return tf.image.transform(images, tf.tensor2d(rows, [B, 8]), 'bilinear', 'nearest');
}

/** Per-image scalars as a [B, 1, 1, 1] tensor (inside the caller's tidy). */
const perImage = (values: Float32Array): tf.Tensor4D => tf.tensor4d(values, [values.length, 1, 1, 1]);

/**
 * Bilinear resampling of each image through its affine map (output pixel (x, y) reads the input at
 * (a0·x + a1·y + a2, b0·x + b1·y + b2)), points outside clamped to the border so a rotation leaves no black corners.
 * Written with gathers: the reference for tf.image.transform (resample below), and the cpu backend's warp, since
 * tfjs-backend-cpu 4.22's Transform returns after the first image of a batch.
 * @param images [B, S, S, C] (not disposed)
 * @param affine [B × 6] a0, a1, a2, b0, b1, b2 per image
 * @returns [B, S, S, C] (caller owns the result)
 */
export function warpAffine(images: tf.Tensor4D, affine: Float32Array): tf.Tensor4D {
  return tf.tidy(() => {
    const [B, S, W, C] = images.shape;
    const rows = tf.tensor2d(affine, [B, 6]);
    const coefficient = (j: number) => tf.reshape(tf.slice(rows, [0, j], [B, 1]), [B, 1, 1]);
    const xs = tf.reshape(tf.range(0, W, 1, 'float32'), [1, 1, W]);
    const ys = tf.reshape(tf.range(0, S, 1, 'float32'), [1, S, 1]);
    const map = (j: number, max: number) =>
      tf.clipByValue(tf.add(tf.add(tf.mul(coefficient(j), xs), tf.mul(coefficient(j + 1), ys)), coefficient(j + 2)), 0, max);
    const xIn = map(0, W - 1);
    const yIn = map(3, S - 1);
    const x0 = tf.floor(xIn);
    const y0 = tf.floor(yIn);
    const fx = tf.expandDims(tf.sub(xIn, x0), 3);
    const fy = tf.expandDims(tf.sub(yIn, y0), 3);
    const x1 = tf.minimum(tf.add(x0, 1), W - 1);
    const y1 = tf.minimum(tf.add(y0, 1), S - 1);
    const base = tf.reshape(tf.mul(tf.range(0, B, 1, 'float32'), S * W), [B, 1, 1]);
    const flat = tf.reshape(images, [B * S * W, C]);
    // Row indices stay exact in float32 below 2^24 pixels per batch.
    const read = (y: tf.Tensor, x: tf.Tensor) =>
      tf.reshape(tf.gather(flat, tf.cast(tf.reshape(tf.add(base, tf.add(tf.mul(y, W), x)), [-1]), 'int32')), [B, S, W, C]);
    const topLeft = read(y0, x0);
    const bottomLeft = read(y1, x0);
    const top = tf.add(topLeft, tf.mul(tf.sub(read(y0, x1), topLeft), fx));
    const bottom = tf.add(bottomLeft, tf.mul(tf.sub(read(y1, x1), bottomLeft), fx));
    return tf.add(top, tf.mul(tf.sub(bottom, top), fy)) as tf.Tensor4D;
  });
}

/**
 * @param images [B, S, S, C] float32 pixels in [0, 1] (not disposed)
 * @param draws the step's draws for B images of S×S
 * @returns [B, S, S, C] augmented pixels in [0, 1] (caller owns the result; call inside tf.tidy or dispose)
 */
export function augmentBatch(images: tf.Tensor4D, draws: AugmentDraws, augmentation: Augmentation): tf.Tensor4D {
  const active = activeTransforms(augmentation);
  return tf.tidy(() => {
    const [B, S, , C] = images.shape;
    let x = images;
    if (active.geometric) x = resample(x, draws.affine);
    if (active.photometric) {
      // Gamma first (on [0, 1]), then contrast about each image's mean, then brightness: ColorJitter's operations.
      // x^γ as exp(γ·log x): wasm's broadcasting Pow costs several times as much.
      if (augmentation.gamma > 0) x = tf.exp(tf.mul(tf.log(tf.clipByValue(x, GAMMA_FLOOR, 1)), perImage(draws.gamma))) as tf.Tensor4D;
      if (augmentation.contrast > 0 || augmentation.brightness > 0) {
        // (x − μ)·c + μ + b, folded into one scale and one shift per image.
        const c = perImage(draws.contrast);
        const shift = tf.add(tf.mul(tf.sub(1, c), tf.mean(x, [1, 2, 3], true)), perImage(draws.brightness));
        x = tf.add(tf.mul(x, c), shift);
      }
      x = tf.clipByValue(x, 0, 1);
    }
    if (active.blur) {
      const k = GAUSS_1D.flatMap((u) => GAUSS_1D.map((v) => u * v));
      const filter = tf.tile(tf.tensor4d(k, [3, 3, 1, 1]), [1, 1, C, 1]) as tf.Tensor4D;
      const padded = tf.mirrorPad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], 'reflect');
      const blurred = tf.depthwiseConv2d(padded, filter, 1, 'valid');
      x = tf.add(x, tf.mul(tf.sub(blurred, x), perImage(draws.blur)));
    }
    if (active.erase) {
      const bounds = tf.tensor2d(draws.erase, [B, 4]);
      const column = (j: number) => tf.reshape(tf.slice(bounds, [0, j], [B, 1]), [B, 1, 1, 1]);
      const ys = tf.reshape(tf.range(0, S, 1, 'float32'), [1, S, 1, 1]);
      const xs = tf.reshape(tf.range(0, S, 1, 'float32'), [1, 1, S, 1]);
      // Arithmetic masks: no tf.where, whose wasm kernel (tfjs 4.22) misreads larger tensors.
      const inside = (coord: tf.Tensor, lo: tf.Tensor, hi: tf.Tensor) =>
        tf.mul(tf.cast(tf.greaterEqual(coord, lo), 'float32'), tf.cast(tf.less(coord, hi), 'float32'));
      const mask = tf.mul(inside(ys, column(0), column(1)), inside(xs, column(2), column(3)));
      x = tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(mask, perImage(draws.eraseValue)));
    }
    return x === images ? x.clone() : x;
  });
}
