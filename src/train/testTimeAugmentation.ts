/**
 * Test-time augmentation for evaluation and exported embeddings: an image's embedding is the mean of the normalised
 * embeddings of several views of it, normalised again. 'flip' averages the image and its mirror (FaceNet, most face
 * verification protocols); 'flip5crop' adds the centre and four corner crops at 7/8 of the side, each with its mirror
 * (triplet-reid's 10-crop averaging, plus the whole image), twelve views in all.
 */
import * as tf from '@tensorflow/tfjs';
import { cropAffine, type TestTimeAugmentation } from '../data/augmentation';

export type { TestTimeAugmentation } from '../data/augmentation';
import { embed, l2Normalize } from '../model/embed';
import { warpAffine } from './augment';

/** Side of the five crops, as a fraction of the image's. */
export const CROP_FRACTION = 7 / 8;

/** The views' affine maps (cropAffine's form) for S×S images; the first is always the image itself. */
export function viewAffines(mode: TestTimeAugmentation, size: number): number[][] {
  const whole = { x: 0, y: 0, w: size, h: size };
  const boxes = [whole];
  if (mode === 'flip5crop') {
    const w = size * CROP_FRACTION;
    const far = size - w;
    for (const [x, y] of [[far / 2, far / 2], [0, 0], [far, 0], [0, far], [far, far]] as const) boxes.push({ x, y, w, h: w });
  }
  const mirrors = mode === 'none' ? [false] : [false, true];
  return boxes.flatMap((box) => mirrors.map((m) => cropAffine(size, box, m)));
}

/**
 * @param model the embedding network (not disposed)
 * @param images [N, S, S, C] (not disposed)
 * @returns [N, D] unit rows: the re-normalised mean of the views' normalised embeddings (caller owns the result)
 */
export function embedWithViews(model: tf.LayersModel, images: tf.Tensor4D, mode: TestTimeAugmentation): tf.Tensor2D {
  return tf.tidy(() => {
    if (mode === 'none') return embed(model, images, { normalize: true });
    const [N, S] = images.shape;
    let sum: tf.Tensor2D | null = null;
    for (const affine of viewAffines(mode, S)) {
      const rows = new Float32Array(N * 6);
      for (let i = 0; i < N; i++) rows.set(affine, i * 6);
      const view = embed(model, warpAffine(images, rows), { normalize: true });
      sum = sum ? (tf.add(sum, view) as tf.Tensor2D) : view;
    }
    return l2Normalize(sum!);
  });
}
