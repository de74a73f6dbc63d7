/**
 * Where the face is: the detector's passes over one photo or a batch of small images, from the cheapest to the last
 * resort (as is, padded, several small images in one mosaic, scaled up, the landmark net on the whole frame). Each
 * pass returns the largest face's landmarks in the image's own pixels and the route that found it; every tensor is
 * freed before it returns. faceAlignForm.ts orders the passes and warps what they find.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseFace, eyeCentres, implausibleWholeFrame, wholeFrameBoxes } from '../data/faceAlign';
import type { Box, Placement } from '../data/faceFrame';
import {
  boxToSource,
  cellOf,
  DETECTOR_INPUT,
  drawPlaced,
  landmarksToSource,
  MOSAIC_STAGES,
  mosaicLayout,
  paddedCanvas,
} from '../data/faceFrame';
import type { Dimensions } from '../data/formats';
import type { RawImage } from '../data/imageSpec';
import type { AlignRoute } from '../data/importReport';
import { toStoredImage } from '../data/resize';
import type { DetectedFace, FaceDetector } from '../model/pretrained/faceDetector';

/**
 * Photos are decoded with their long side at most this: the detector works at 512 anyway, and a face big enough to
 * be found still has more pixels than the 160-pixel stored form needs.
 */
export const ALIGN_DECODE_MAX = 1024;

/** The oriented size to decode a width × height photo at for alignment (null: as it is). */
export function alignDecodeSize(width: number, height: number): Dimensions | null {
  const long = Math.max(width, height);
  if (long <= ALIGN_DECODE_MAX) return null;
  const k = ALIGN_DECODE_MAX / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/**
 * The image as the detector's input: [H, W, 3] int32 RGB, shrunk when larger than ALIGN_DECODE_MAX (a big PGM is
 * parsed at full size). `scale` takes its coordinates back to `raw`'s.
 */
function detectorInput(raw: RawImage): { tensor: tf.Tensor3D; scale: number } {
  const size = alignDecodeSize(raw.width, raw.height);
  const img: RawImage = size ? { ...size, channels: 3, data: toStoredImage(raw, { ...size, channels: 3 }) } : raw;
  const n = img.width * img.height;
  const rgb = new Int32Array(n * 3);
  const c = img.channels;
  for (let p = 0; p < n; p++)
    for (let k = 0; k < 3; k++) rgb[3 * p + k] = img.data[p * c + (c === 1 ? 0 : k)] as number;
  return { tensor: tf.tensor3d(rgb, [img.height, img.width, 3], 'int32'), scale: raw.width / img.width };
}

/**
 * Margin added around a photo in which no face was found as it is, as a fraction of its long side on each side,
 * before looking again: SSD misses a face that fills the whole frame (a ready-made face crop), and finds it with a
 * margin around. The padded copy is 1.5 times the photo's size.
 */
export const RETRY_MARGIN = 0.25;

/**
 * What a pass found for one image: the face count, the kept face's box and landmarks in the image's own pixels (the
 * webcam preview draws them over the frame), and the route.
 */
export interface Hit {
  faces: number;
  box: Box;
  landmarks: Float32Array;
  route: AlignRoute;
}

/** The largest face of one detector pass on `input` and its landmarks, mapped back to the image by `placement`. */
async function largestFace(
  detector: FaceDetector,
  input: tf.Tensor3D,
  placement: Placement,
  route: AlignRoute,
): Promise<Hit | null> {
  const found = await detector.locate(input);
  const face = chooseFace(found);
  if (!face) return null;
  return {
    faces: found.length,
    box: boxToSource(placement, face.box),
    landmarks: landmarksToSource(placement, await detector.landmarks(input, face.box)),
    route,
  };
}

/** An RGB int32 tensor of `raw` drawn into a width × height canvas at `placement`. */
function placedTensor(raw: RawImage, width: number, height: number, placement: Placement): tf.Tensor3D {
  const canvas = new Int32Array(width * height * 3);
  drawPlaced(canvas, width, raw, placement, { x: 0, y: 0, width, height });
  return tf.tensor3d(canvas, [height, width, 3], 'int32');
}

/** One detector pass on `raw` drawn as `layout` says (as is, padded, upscaled); the tensor is freed. */
async function detectPlaced(
  detector: FaceDetector,
  raw: RawImage,
  layout: { width: number; height: number; placement: Placement },
  route: AlignRoute,
): Promise<Hit | null> {
  const t = placedTensor(raw, layout.width, layout.height, layout.placement);
  try {
    return await largestFace(detector, t, layout.placement, route);
  } finally {
    t.dispose();
  }
}

/** The detector on the photo as it is (shrunk past ALIGN_DECODE_MAX), then on a padded copy: one pass each. */
export async function detectPhoto(detector: FaceDetector, raw: RawImage): Promise<Hit | null> {
  const { tensor, scale } = detectorInput(raw);
  try {
    const asIs = await largestFace(detector, tensor, { scale: 1 / scale, dx: 0, dy: 0 }, 'detected');
    if (asIs) return asIs;
  } finally {
    tensor.dispose();
  }
  const shrink = Math.min(1, ALIGN_DECODE_MAX / Math.max(raw.width, raw.height));
  return detectPlaced(
    detector,
    raw,
    paddedCanvas(raw.width, raw.height, 1 + 2 * RETRY_MARGIN, shrink),
    'detectedPadded',
  );
}

/**
 * Small images (fitsMosaic), up to grid² at a time, each padded in its own cell of one detector input: the faces
 * found in each cell (by box centre), and the largest one's landmarks, all cells in one landmark pass.
 */
async function detectMosaic(
  detector: FaceDetector,
  raws: readonly RawImage[],
  grid: number,
  fill: number,
  route: AlignRoute,
): Promise<(Hit | null)[]> {
  const layout = mosaicLayout(raws, grid, fill);
  const canvas = new Int32Array(layout.side * layout.side * 3);
  raws.forEach((raw, k) =>
    drawPlaced(canvas, layout.side, raw, layout.placements[k] as Placement, {
      x: (k % grid) * layout.cell,
      y: Math.floor(k / grid) * layout.cell,
      width: layout.cell,
      height: layout.cell,
    }),
  );
  const t = tf.tensor3d(canvas, [layout.side, layout.side, 3], 'int32');
  try {
    const perCell: DetectedFace[][] = raws.map(() => []);
    for (const face of await detector.locate(t)) perCell[cellOf(layout, face.box)]?.push(face);
    const chosen = perCell.map((faces) => chooseFace(faces));
    const found = chosen.flatMap((face, k) => (face ? [{ face, k }] : []));
    const landmarks = await detector.landmarksBatch(
      t,
      found.map(({ face }) => face.box),
    );
    const hits: (Hit | null)[] = raws.map(() => null);
    found.forEach(({ face, k }, j) => {
      hits[k] = {
        faces: perCell[k]?.length ?? 0,
        box: boxToSource(layout.placements[k] as Placement, face.box),
        landmarks: landmarksToSource(layout.placements[k] as Placement, landmarks[j] as Float32Array),
        route,
      };
    });
    return hits;
  } finally {
    t.dispose();
  }
}

/** The route of a face found in each of MOSAIC_STAGES: padded at about its own size, then scaled up. */
export const MOSAICS: readonly { grid: number; fill: number; route: AlignRoute }[] = MOSAIC_STAGES.map((stage, k) => ({
  ...stage,
  route: k === 0 ? 'detectedPadded' : 'detectedUpscaled',
}));

/**
 * One mosaic stage over the images still without a face: groups of grid², each group one detector pass; a group
 * whose pass fails is tried one image per mosaic, so an error fails only the image that causes it (and that one is
 * tried again later, to say why).
 */
export async function mosaicStage(
  detector: FaceDetector,
  raws: readonly RawImage[],
  pending: readonly number[],
  hits: (Hit | null)[],
  stage: { grid: number; fill: number; route: AlignRoute },
): Promise<void> {
  const size = stage.grid * stage.grid;
  for (let k = 0; k < pending.length; k += size) {
    const group = pending.slice(k, k + size);
    const images = group.map((i) => raws[i] as RawImage);
    try {
      const found = await detectMosaic(detector, images, stage.grid, stage.fill, stage.route);
      group.forEach((i, g) => (hits[i] = found[g] ?? null));
    } catch {
      for (const [g, i] of group.entries())
        hits[i] = await detectMosaic(detector, [images[g] as RawImage], stage.grid, stage.fill, stage.route).then(
          (h) => h[0] ?? null,
          () => null,
        );
    }
  }
}

/** A small image no mosaic found a face in: the detector on a padded copy scaled up to fill its input. */
export async function detectUpscaled(detector: FaceDetector, raw: RawImage): Promise<Hit | null> {
  const scale = DETECTOR_INPUT / ((1 + 2 * RETRY_MARGIN) * Math.max(raw.width, raw.height));
  return detectPlaced(
    detector,
    raw,
    paddedCanvas(raw.width, raw.height, 1 + 2 * RETRY_MARGIN, scale),
    'detectedUpscaled',
  );
}

/** The last resort: the landmark net with the whole frame as the face box, kept only when plausible. */
export async function wholeFrameLandmarks(detector: FaceDetector, raw: RawImage): Promise<Hit | string> {
  const { tensor, scale } = detectorInput(raw);
  try {
    const [h, w] = tensor.shape;
    const runs = await detector.landmarksBatch(tensor, wholeFrameBoxes(w, h));
    const why = implausibleWholeFrame(runs.map(eyeCentres), w, h);
    if (why !== null) return why;
    return {
      faces: 1,
      box: { x: 0, y: 0, width: raw.width, height: raw.height },
      landmarks: landmarksToSource({ scale: 1 / scale, dx: 0, dy: 0 }, runs[0] as Float32Array),
      route: 'landmarksWholeFrame',
    };
  } finally {
    tensor.dispose();
  }
}
