/**
 * The stored form of a face-aligned import: find the faces in the decoded photo, keep the largest, put its eyes level
 * at ALIGNED_EYES and warp it to the dataset's resolution. Composes model/ (the detector) with data/ (the math);
 * faceAlignWorker.ts runs it on each file, and Node tests run it with the real models.
 */
import * as tf from '@tensorflow/tfjs';
import { alignEyes, chooseFace, eyeCentres } from '../data/faceAlign';
import type { Dimensions } from '../data/formats';
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { FormResult, StoredForm } from '../data/processImage';
import { toStoredImage } from '../data/resize';
import { warpSimilarity } from '../data/warpSimilarity';
import type { FaceDetector } from '../model/pretrained/faceDetector';

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
 * Margin added around an image in which no face was found, as a fraction of its long side, before looking again:
 * SSD often misses a face that fills the whole frame (a ready-made face crop; in the tests, 2 of 6 aligned
 * portraits), and finds it with grey around.
 */
export const RETRY_MARGIN = 0.25;

/** The largest face and its landmarks in `image`, or null; the face count is of the pass that found it. */
async function largestFace(
  detector: FaceDetector,
  image: tf.Tensor3D,
): Promise<{ faces: number; landmarks: Float32Array } | null> {
  const found = await detector.locate(image);
  const face = chooseFace(found);
  return face ? { faces: found.length, landmarks: await detector.landmarks(image, face.box) } : null;
}

/** Detect, choose, align, warp: the stored pixels of one photo, or why it has none. */
export async function alignFace(raw: RawImage, spec: ImageSpec, detector: FaceDetector): Promise<FormResult> {
  let eyes: ReturnType<typeof eyeCentres>;
  let faces: number;
  const { tensor, scale } = detectorInput(raw);
  let padded: tf.Tensor3D | null = null;
  try {
    let hit = await largestFace(detector, tensor);
    let shift = 0;
    if (!hit) {
      shift = Math.round(RETRY_MARGIN * Math.max(tensor.shape[0], tensor.shape[1]));
      padded = tf.pad(
        tensor,
        [
          [shift, shift],
          [shift, shift],
          [0, 0],
        ],
        128,
      );
      hit = await largestFace(detector, padded);
    }
    if (!hit) return { ok: false, reason: 'noFace' };
    faces = hit.faces;
    eyes = eyeCentres(hit.landmarks.map((v) => (v - shift) * scale));
  } catch (e) {
    return { ok: false, reason: 'faceDetectionFailed', detail: e instanceof Error ? e.message : String(e) };
  } finally {
    tensor.dispose();
    padded?.dispose();
  }
  if (eyes.left.x === eyes.right.x && eyes.left.y === eyes.right.y)
    return { ok: false, reason: 'noFace', detail: 'the landmarks put both eyes in one place' };
  return { ok: true, pixels: warpSimilarity(raw, alignEyes(eyes.left, eyes.right, spec), spec), faces };
}

/** The StoredForm the face-align worker hands to processBlob. */
export function createFaceAlignForm(detector: FaceDetector): StoredForm {
  return {
    decodeSize: (width, height) => alignDecodeSize(width, height),
    toStored: (raw, spec) => alignFace(raw, spec, detector),
  };
}
