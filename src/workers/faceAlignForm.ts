/**
 * The stored form of a face-aligned import: find the faces in the decoded photo, keep the largest, put its eyes level
 * at ALIGNED_EYES and warp it to the dataset's resolution. Composes model/ (the detector) with data/ (the math);
 * faceAlignWorker.ts runs it on each file, and Node tests run it with the real models.
 */
import * as tf from '@tensorflow/tfjs';
import { alignEyes, chooseFace, eyeCentres, implausibleWholeFrame, wholeFrameBoxes } from '../data/faceAlign';
import type { Placement } from '../data/faceFrame';
import {
  cellOf,
  DETECTOR_INPUT,
  drawPlaced,
  fitsMosaic,
  landmarksToSource,
  MOSAIC_GRID,
  MOSAIC_STAGES,
  mosaicLayout,
  paddedCanvas,
} from '../data/faceFrame';
import type { Dimensions } from '../data/formats';
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { AlignRoute } from '../data/importReport';
import type { FormResult, StoredForm } from '../data/processImage';
import { toStoredImage } from '../data/resize';
import { warpSimilarity } from '../data/warpSimilarity';
import type { DetectedFace, FaceDetector } from '../model/pretrained/faceDetector';
import type { AlignBatcher } from './faceAlignBatcher';
import { createAlignBatcher } from './faceAlignBatcher';
import { errorText } from '../common/errorText';

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

/** What a pass found for one image: the face count, the landmarks in the image's own pixels, and the route. */
interface Hit {
  faces: number;
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
async function detectPhoto(detector: FaceDetector, raw: RawImage): Promise<Hit | null> {
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
    found.forEach(({ k }, j) => {
      hits[k] = {
        faces: perCell[k]?.length ?? 0,
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
const MOSAICS: readonly { grid: number; fill: number; route: AlignRoute }[] = MOSAIC_STAGES.map((stage, k) => ({
  ...stage,
  route: k === 0 ? 'detectedPadded' : 'detectedUpscaled',
}));

/**
 * One mosaic stage over the images still without a face: groups of grid², each group one detector pass; a group
 * whose pass fails is tried one image per mosaic, so an error fails only the image that causes it (and that one is
 * tried again later, to say why).
 */
async function mosaicStage(
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
async function detectUpscaled(detector: FaceDetector, raw: RawImage): Promise<Hit | null> {
  const scale = DETECTOR_INPUT / ((1 + 2 * RETRY_MARGIN) * Math.max(raw.width, raw.height));
  return detectPlaced(
    detector,
    raw,
    paddedCanvas(raw.width, raw.height, 1 + 2 * RETRY_MARGIN, scale),
    'detectedUpscaled',
  );
}

/** The last resort: the landmark net with the whole frame as the face box, kept only when plausible. */
async function wholeFrameLandmarks(detector: FaceDetector, raw: RawImage): Promise<Hit | string> {
  const { tensor, scale } = detectorInput(raw);
  try {
    const [h, w] = tensor.shape;
    const runs = await detector.landmarksBatch(tensor, wholeFrameBoxes(w, h));
    const why = implausibleWholeFrame(runs.map(eyeCentres), w, h);
    if (why !== null) return why;
    return {
      faces: 1,
      landmarks: landmarksToSource({ scale: 1 / scale, dx: 0, dy: 0 }, runs[0] as Float32Array),
      route: 'landmarksWholeFrame',
    };
  } finally {
    tensor.dispose();
  }
}

/** The stored pixels of an image whose face was found, or "no face" when its eyes coincide. */
function warpHit(raw: RawImage, spec: ImageSpec, hit: Hit): FormResult {
  const eyes = eyeCentres(hit.landmarks);
  if (eyes.left.x === eyes.right.x && eyes.left.y === eyes.right.y)
    return { ok: false, reason: 'noFace', detail: 'the landmarks put both eyes in one place' };
  return {
    ok: true,
    pixels: warpSimilarity(raw, alignEyes(eyes.left, eyes.right, spec), spec),
    faces: hit.faces,
    route: hit.route,
    eyes,
  };
}

const failure = (e: unknown): FormResult => ({
  ok: false,
  reason: 'faceDetectionFailed',
  detail: errorText(e),
});

/**
 * Detect, choose, align, warp, for a batch of photos: the stored pixels of each, with the route that found its face,
 * or why it has none. Small images (fitsMosaic) go through the MOSAICS, several per detector pass, then a padded copy
 * scaled up to the detector's input (for a small image "as is" is itself an upscale, to 512, and misses a face that
 * fills the frame); larger photos as is, then padded. The whole-frame landmarks come last for all.
 */
export async function alignFaces(
  raws: readonly RawImage[],
  spec: ImageSpec,
  detector: FaceDetector,
): Promise<FormResult[]> {
  const hits: (Hit | null)[] = raws.map(() => null);
  const small = raws.flatMap((r, i) => (fitsMosaic(r.width, r.height) ? [i] : []));
  for (const stage of MOSAICS)
    await mosaicStage(
      detector,
      raws,
      small.filter((i) => !hits[i]),
      hits,
      stage,
    );
  const results: FormResult[] = [];
  for (const [i, raw] of raws.entries()) {
    try {
      let hit =
        hits[i] ??
        (fitsMosaic(raw.width, raw.height) ? await detectUpscaled(detector, raw) : await detectPhoto(detector, raw));
      let detail: string | undefined;
      if (!hit) {
        const last = await wholeFrameLandmarks(detector, raw);
        if (typeof last === 'string') detail = last;
        else hit = last;
      }
      results.push(
        hit
          ? warpHit(raw, spec, hit)
          : { ok: false, reason: 'noFace', ...(detail ? { detail: `whole-frame landmarks: ${detail}` } : {}) },
      );
    } catch (e) {
      results.push(failure(e));
    }
  }
  return results;
}

/** One photo: alignFaces on a batch of one. */
export async function alignFace(raw: RawImage, spec: ImageSpec, detector: FaceDetector): Promise<FormResult> {
  return (await alignFaces([raw], spec, detector))[0] as FormResult;
}

/** The StoredForm the face-align worker hands to processBlob, with the batcher's hold and release for its shell. */
export type BatchedFaceAlignForm = StoredForm & Pick<AlignBatcher, 'hold' | 'release'>;

/**
 * Images are gathered into batches of one mosaic (MOSAIC_GRID²) as the worker decodes them. The detector is loaded
 * by `loadDetector` on the first batch; when it cannot start, every image says so.
 */
export function createFaceAlignForm(loadDetector: () => Promise<FaceDetector>): BatchedFaceAlignForm {
  let detector: Promise<FaceDetector> | null = null;
  const batcher = createAlignBatcher(async (raws, spec) => {
    let ready: FaceDetector;
    try {
      ready = await (detector ??= loadDetector());
    } catch (e) {
      const detail = `the face detector did not start: ${errorText(e)}`;
      return raws.map((): FormResult => ({ ok: false, reason: 'faceDetectionFailed', detail }));
    }
    return alignFaces(raws, spec, ready);
  }, MOSAIC_GRID * MOSAIC_GRID);
  return {
    decodeSize: (width, height) => alignDecodeSize(width, height),
    toStored: (raw, spec) => batcher.toStored(raw, spec),
    hold: () => batcher.hold(),
    release: () => batcher.release(),
  };
}
