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
 * Small images (fitsMosaic), up to MOSAIC_GRID² at a time, each padded in its own cell of one detector input: the
 * faces found in each cell (by box centre), the largest with its landmarks.
 */
async function detectMosaic(detector: FaceDetector, raws: readonly RawImage[]): Promise<(Hit | null)[]> {
  const layout = mosaicLayout(raws);
  const canvas = new Int32Array(layout.side * layout.side * 3);
  raws.forEach((raw, k) =>
    drawPlaced(canvas, layout.side, raw, layout.placements[k] as Placement, {
      x: (k % layout.grid) * layout.cell,
      y: Math.floor(k / layout.grid) * layout.cell,
      width: layout.cell,
      height: layout.cell,
    }),
  );
  const t = tf.tensor3d(canvas, [layout.side, layout.side, 3], 'int32');
  try {
    const perCell: DetectedFace[][] = raws.map(() => []);
    for (const face of await detector.locate(t)) perCell[cellOf(layout, face.box)]?.push(face);
    const hits: (Hit | null)[] = [];
    for (const [k, faces] of perCell.entries()) {
      const face = chooseFace(faces);
      const placement = layout.placements[k] as Placement;
      hits.push(
        face
          ? {
              faces: faces.length,
              landmarks: landmarksToSource(placement, await detector.landmarks(t, face.box)),
              route: 'detectedPadded',
            }
          : null,
      );
    }
    return hits;
  } finally {
    t.dispose();
  }
}

/** A small image the mosaic missed: the detector on it as is, then on a padded copy, both filling the input. */
async function detectSmall(detector: FaceDetector, raw: RawImage): Promise<Hit | null> {
  const asIs = await detectPlaced(
    detector,
    raw,
    { width: raw.width, height: raw.height, placement: { scale: 1, dx: 0, dy: 0 } },
    'detected',
  );
  if (asIs) return asIs;
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
    const runs: Float32Array[] = [];
    for (const box of wholeFrameBoxes(w, h)) runs.push(await detector.landmarks(tensor, box));
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
  detail: e instanceof Error ? e.message : String(e),
});

/**
 * Detect, choose, align, warp, for a batch of photos: the stored pixels of each, with the route that found its face,
 * or why it has none. Small images go through mosaics first (MOSAIC_GRID² per detector pass), then, if missed, as
 * is and upscaled; larger photos as is, then padded; the whole-frame landmarks come last for all.
 */
export async function alignFaces(
  raws: readonly RawImage[],
  spec: ImageSpec,
  detector: FaceDetector,
): Promise<FormResult[]> {
  const results: (FormResult | undefined)[] = new Array(raws.length);
  const hits: (Hit | null)[] = raws.map(() => null);
  const small = raws.flatMap((r, i) => (fitsMosaic(r.width, r.height) ? [i] : []));
  const perMosaic = MOSAIC_GRID * MOSAIC_GRID;
  for (let k = 0; k < small.length; k += perMosaic) {
    const group = small.slice(k, k + perMosaic);
    try {
      const found = await detectMosaic(
        detector,
        group.map((i) => raws[i] as RawImage),
      );
      group.forEach((i, g) => (hits[i] = found[g] ?? null));
    } catch {
      // Each image in a mosaic of its own, so an error fails only the image that causes it (and that one is tried
      // again below, to say why).
      for (const i of group)
        hits[i] = await detectMosaic(detector, [raws[i] as RawImage]).then(
          (h) => h[0] ?? null,
          () => null,
        );
    }
  }
  for (const [i, raw] of raws.entries()) {
    if (results[i]) continue;
    try {
      let hit =
        hits[i] ??
        (fitsMosaic(raw.width, raw.height) ? await detectSmall(detector, raw) : await detectPhoto(detector, raw));
      let detail: string | undefined;
      if (!hit) {
        const last = await wholeFrameLandmarks(detector, raw);
        if (typeof last === 'string') detail = last;
        else hit = last;
      }
      results[i] = hit
        ? warpHit(raw, spec, hit)
        : { ok: false, reason: 'noFace', ...(detail ? { detail: `whole-frame landmarks: ${detail}` } : {}) };
    } catch (e) {
      results[i] = failure(e);
    }
  }
  return results as FormResult[];
}

/** One photo: alignFaces on a batch of one. */
export async function alignFace(raw: RawImage, spec: ImageSpec, detector: FaceDetector): Promise<FormResult> {
  return (await alignFaces([raw], spec, detector))[0] as FormResult;
}

/** The StoredForm the face-align worker hands to processBlob. */
export function createFaceAlignForm(detector: FaceDetector): StoredForm {
  return {
    decodeSize: (width, height) => alignDecodeSize(width, height),
    toStored: (raw, spec) => alignFace(raw, spec, detector),
  };
}
