/**
 * The stored form of a face-aligned import: find the faces in the decoded photo (faceSearch.ts), keep the largest,
 * put its eyes level at ALIGNED_EYES and warp it to the dataset's resolution. Composes model/ (the detector) with
 * data/ (the math); faceAlignWorker.ts runs it on each file, and Node tests run it with the real models.
 */
import { alignEyes, eyeCentres } from '../data/faceAlign';
import { fitsMosaic, MOSAIC_GRID } from '../data/faceFrame';
import type { ImageSpec, RawImage } from '../data/imageSpec';
import type { FormResult, StoredForm } from '../data/processImage';
import { warpSimilarity } from '../data/warpSimilarity';
import type { FaceDetector } from '../model/pretrained/faceDetector';
import type { AlignBatcher } from './faceAlignBatcher';
import { createAlignBatcher } from './faceAlignBatcher';
import {
  alignDecodeSize,
  detectPhoto,
  detectUpscaled,
  type Hit,
  MOSAICS,
  mosaicStage,
  wholeFrameLandmarks,
} from './faceSearch';
import { errorText } from '../common/errorText';

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
    box: hit.box,
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
